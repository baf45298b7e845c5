// axe-core (devDependency) in browser tests: loaded once from the dev server as the classic script it ships as
// (axe.min.js sets `window.axe`; it is not an ES module), then run on one element, shadow roots included.
import type { AxeResults, Result, RunOptions } from 'axe-core';

declare global {
  interface Window {
    axe?: { run(context: Element, options: RunOptions): Promise<AxeResults> };
  }
}

let loading: Promise<void> | undefined;

function load(): Promise<void> {
  loading ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('axe-core not found: npm install (it is a devDependency)'));
    document.head.append(script);
  });
  return loading;
}

/**
 * The serious and critical axe-core violations (WCAG 2.1 A/AA rules and best practices) in `element`, each as
 * "rule: help (targets)" — an empty list when there is none.
 */
export async function seriousViolations(element: Element): Promise<string[]> {
  await load();
  const results = await window.axe!.run(element, { resultTypes: ['violations'] });
  return results.violations
    .filter((v: Result) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: Result) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Every axe-core violation in `element` (any impact, minor included), each as "impact rule: help (targets)". */
export async function allViolations(element: Element): Promise<string[]> {
  await load();
  const results = await window.axe!.run(element, { resultTypes: ['violations'] });
  return results.violations.map((v: Result) => `${v.impact ?? 'unknown'} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
