// Types of the entry with the module built in: `init()` and `initSync()` need no argument.
export * from './api.js';
export { default } from './api.js';
