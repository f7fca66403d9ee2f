// Public face of the Wistia stand-in: a local fake of Wistia's Upload API for the demo and the browser tests.
export { createWistiaStandin, STANDIN_PREFIX } from './standin.mjs';
export { startStandinServer, wistiaStandinVitePlugin } from './mount.mjs';
export { loadOpenapiCheck, DEFAULT_OPENAPI_PATH } from './openapi-check.mjs';
export { SCRIPTABLE_ROUTES } from './scripted-faults.mjs';
export { VIDEO_LIMIT_MESSAGE } from './upload-fields.mjs';
