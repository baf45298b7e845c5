// Where the project under test lives. Default: this checkout. RTC_BENCH_ROOT=/path/to/other/checkout
// measures another built checkout (e.g. a `git archive` of another commit) with the same bench code.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const projectRoot = process.env.RTC_BENCH_ROOT ? resolve(process.env.RTC_BENCH_ROOT) : resolve(benchDir, '..');
export const project = (p) => resolve(projectRoot, p);
