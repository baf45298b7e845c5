// `npm run docs` (scripts/docs.mjs) → packages/elements/custom-elements.json, shipped with @rtc-room/elements
// ("customElements" in its package.json) and rendered to docs/reference/elements/*.md.
// Source of truth: each component's JSDoc header (@summary, @tagname, @slot, @event, @csspart, @cssproperty,
// @attr) and its Lit `static properties` (attributes, types, reflection; read by the analyzer's Lit support).

/** Drops what is not public API: private/protected members, and Lit `state: true` properties (not attributes). */
function publicApiOnly() {
  const hidden = (m) => m.privacy === 'private' || m.privacy === 'protected' || (m.static && ['styles', 'dependencies', 'properties', 'shadowRootOptions'].includes(m.name));
  return {
    name: 'rtc-room-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const decl of mod.declarations ?? []) {
          if (decl.kind !== 'class') continue;
          const internal = new Set((decl.members ?? []).filter(hidden).map((m) => m.name));
          if (decl.members) decl.members = decl.members.filter((m) => !internal.has(m.name));
          if (decl.attributes) decl.attributes = decl.attributes.filter((a) => !internal.has(a.fieldName));
        }
      }
    },
  };
}

/**
 * Points the manifest at what the package ships: `packages/elements/src/x/y.component.ts` → `dist/x/y.component.js`,
 * and adds, per tag, the module that defines it (`dist/x/y.js`, which calls `defineElement`).
 */
function shippedPaths() {
  const toDist = (path) => path.replace(/^packages\/elements\/src\//, 'dist/').replace(/\.ts$/, '.js');
  return {
    name: 'rtc-room-shipped-paths',
    packageLinkPhase({ customElementsManifest }) {
      const definitions = [];
      for (const mod of customElementsManifest.modules) {
        mod.path = toDist(mod.path);
        for (const exp of mod.exports ?? []) if (exp.declaration?.module) exp.declaration.module = toDist(exp.declaration.module);
        for (const decl of mod.declarations ?? []) {
          if (!decl.customElement || !decl.tagName) continue;
          definitions.push({
            kind: 'javascript-module',
            path: mod.path.replace(/\.component\.js$/, '.js'),
            declarations: [],
            exports: [{ kind: 'custom-element-definition', name: decl.tagName, declaration: { name: decl.name, module: mod.path } }],
          });
        }
      }
      customElementsManifest.modules.push(...definitions);
      customElementsManifest.modules.sort((a, b) => a.path.localeCompare(b.path));
    },
  };
}

export default {
  globs: ['packages/elements/src/**/*.component.ts'],
  exclude: ['**/*.test.ts', '**/test-support/**'],
  outdir: 'packages/elements',
  litelement: true,
  dev: false,
  packagejson: false,
  plugins: [publicApiOnly(), shippedPaths()],
};
