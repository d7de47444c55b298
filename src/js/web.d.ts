// Types of the browser entry: `await init()` before the other functions.
export * from './api.js';
export { default } from './api.js';
