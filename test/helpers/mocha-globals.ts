// `describe`, `it` and their hooks as globals, as the browser test runner gives them: a browser test file imported
// after this one runs under `node --test` too.
import { afterEach, beforeEach, describe, it } from 'node:test';

Object.assign(globalThis, { describe, it, afterEach, beforeEach });
