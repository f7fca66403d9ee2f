// The React example app (demo/react), built with Vite and @vitejs/plugin-react, used in Chromium.
import { describeViteExample } from './app-harness.mjs';

describeViteExample({
  title: 'React example (demo/react)',
  dir: 'demo/react',
  typecheckTitle: 'type-checks against the published types of wistia-uploader/react',
  uploadTitle: 'uploads a picked file and hands the media JSON to the onUploadSuccess prop',
});
