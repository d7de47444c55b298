// The package's entry for Node: loads the WebAssembly module from beside this file,
// synchronously, so the API is ready on import.
import { readFileSync } from 'node:fs';
import {
  initSync,
  Job,
  jimLint,
  jimPreview,
  jimReport,
  lint,
  lintReport,
  plan,
  planReport,
  rules,
  rulesReport,
} from './syncplan.js';

initSync({ module: readFileSync(new URL('./syncplan_bg.wasm', import.meta.url)) });

export { Job, jimLint, jimPreview, jimReport, lint, lintReport, plan, planReport, rules, rulesReport };
