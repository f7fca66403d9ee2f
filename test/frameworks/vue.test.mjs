// The Vue example app (demo/vue), built with Vite and @vitejs/plugin-vue (isCustomElement), used in Chromium.
import { describeViteExample } from './app-harness.mjs';

describeViteExample({
  title: 'Vue example (demo/vue)',
  dir: 'demo/vue',
  typecheckTitle: 'documents typings that match the published element types',
  uploadTitle: 'uploads a picked file and hands the media JSON to the @wistia-upload-success listener',
});
