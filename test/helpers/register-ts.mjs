// Lets `node --test` run TypeScript tests against the sources: `node --import ./test/helpers/register-ts.mjs`.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
