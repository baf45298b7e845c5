// A Rollup plugin for the self-contained bundles: shrinks the static text of Lit's css`` / html`` / svg``
// templates, which terser leaves as written (indentation, newlines, CSS comments: ~6 kB of the bundle before gzip).
// Conservative on purpose: CSS loses comments and the spaces around `{ } ; ,` and every run of whitespace becomes
// one space; HTML only turns whitespace runs that contain a newline into one space (an intentional space between
// inline elements stays, `>` `<` are never glued). Only the static parts change, never an expression.
import MagicString from 'magic-string';

const TAGS = new Set(['css', 'html', 'svg']);

const minifyCss = (text) =>
  text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,]) ?/g, '$1');

const minifyHtml = (text) => text.replace(/\s*\n\s*/g, ' ');

function walk(node, visit) {
  if (!node || typeof node.type !== 'string') return;
  visit(node);
  for (const key in node) {
    const value = node[key];
    if (Array.isArray(value)) for (const child of value) walk(child, visit);
    else if (value && typeof value === 'object' && typeof value.type === 'string') walk(value, visit);
  }
}

/** @returns {import('rollup').Plugin} */
export function minifyTemplates() {
  return {
    name: 'minify-lit-templates',
    transform(code, id) {
      if (id.includes('node_modules') || !/\b(?:css|html|svg)\s*`/.test(code)) return null;
      const out = new MagicString(code);
      walk(this.parse(code), (node) => {
        if (node.type !== 'TaggedTemplateExpression' || node.tag.type !== 'Identifier' || !TAGS.has(node.tag.name)) return;
        for (const quasi of node.quasi.quasis) {
          if (quasi.end <= quasi.start) continue;
          const text = code.slice(quasi.start, quasi.end);
          const small = node.tag.name === 'css' ? minifyCss(text) : minifyHtml(text);
          if (small !== text) out.overwrite(quasi.start, quasi.end, small);
        }
      });
      return out.hasChanged() ? { code: out.toString(), map: out.generateMap({ hires: true, source: id }) } : null;
    },
  };
}
