// The token client's tests run in the browsers (test/core/token-client.test.ts) and here, in Node, from the same
// file: mutation testing runs the Node tests, and the client needs nothing of a page but `fetch`.
import '../helpers/mocha-globals.js';
import '../core/token-client.test.js';
