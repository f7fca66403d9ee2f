// xhr-mock is served as an ESM bundle by the test runner; its default export may arrive wrapped.
import * as xhrMockModule from 'xhr-mock';

type XhrMock = typeof import('xhr-mock').default;
const mod = xhrMockModule as unknown as { default: XhrMock & { default?: XhrMock } };
export const mock: XhrMock = mod.default.default ?? mod.default;
export type { MockRequest, MockResponse } from 'xhr-mock';
