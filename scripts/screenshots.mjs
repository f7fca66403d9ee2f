// `npm run screenshots`: the README's pictures, made from the real element (dist/wistia-uploader.min.js) uploading
// to the Wistia stand-in in headless Chromium, so they never go stale: docs/images/{light,dark,phone}.png.
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { createWistiaStandin } from '../demo/wistia-standin/index.mjs';
import { CHROMIUM_ARGS, findChromium } from '../test/helpers/find-chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(root, 'docs/images');
const script = readFileSync(resolve(root, 'dist/wistia-uploader.min.js'));

const page = (width, scheme) => `<!doctype html>
<html lang="en" style="color-scheme: ${scheme}">
<meta charset="utf-8" />
<body style="margin: 0; padding: 24px; width: ${width}px; background: ${scheme === 'dark' ? '#0d0f12' : '#f3f4f6'};
  font: 16px system-ui, sans-serif">
  <wistia-uploader multiple token-url="/wistia/token" upload-url="/wistia/upload/" api-url="/wistia/api"
    s3-copy-url="/wistia/upload/s3_copy" wait-for-ready></wistia-uploader>
  <script src="/wistia-uploader.min.js"></script>
</body>
</html>`;

/** A few seconds of a real video, recorded in the page, so the rows show their local previews. */
async function recordVideo(hue) {
  const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
  document.body.append(canvas);
  const context = canvas.getContext('2d');
  const paint = (t) => {
    const gradient = context.createLinearGradient(0, 0, 320, 180);
    gradient.addColorStop(0, `hsl(${hue} 70% 45%)`);
    gradient.addColorStop(1, `hsl(${hue + 50} 80% 25%)`);
    context.fillStyle = gradient;
    context.fillRect(0, 0, 320, 180);
    context.fillStyle = 'rgb(255 255 255 / 0.85)';
    context.beginPath();
    context.arc(160 + t, 90, 36, 0, Math.PI * 2);
    context.fill();
  };
  paint(0);
  const recorder = new MediaRecorder(canvas.captureStream(15), { mimeType: 'video/webm' });
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((done) => (recorder.onstop = done));
  recorder.start();
  for (let i = 0; i < 8; i++) {
    paint(i);
    await new Promise((next) => setTimeout(next, 60));
  }
  recorder.stop();
  await stopped;
  canvas.remove();
  return chunks;
}

async function shoot(browser, standin, origin, { name, width }) {
  standin.reset();
  standin.script('upload', [{ pass: true }, { pass: true }, { stall: true }]);
  const tab = await browser.newPage();
  await tab.setViewport({ width: width + 48, height: 900, deviceScaleFactor: 2 });
  await tab.goto(`${origin}/?${name}`);
  await tab.evaluate(async (recordSource) => {
    const record = new Function(`return (${recordSource})`)();
    const el = document.querySelector('wistia-uploader');
    await customElements.whenDefined('wistia-uploader');
    const video = async (fileName, hue, size) => {
      const chunks = await record(hue);
      // Padded to a real video's size, so the sizes and the summary read as they would.
      return new File([...chunks, new Uint8Array(size)], fileName, { type: 'video/webm' });
    };
    el.addFiles([await video('Product launch keynote.webm', 210, 48_000_000)]);
    await new Promise((done) => el.addEventListener('wistia-media-ready', done, { once: true }));
    el.addFiles([await video('Customer interview.webm', 20, 31_000_000)]);
    await new Promise((done) => el.addEventListener('wistia-upload-success', done, { once: true }));
    el.addFiles([await video('Behind the scenes.webm', 150, 260_000_000)]);
    el.addFiles([new File(['notes'], 'notes.txt', { type: 'text/plain' })]);
    // Every video row shows its picture: Wistia's thumbnail, or its own first frame.
    const root = el.shadowRoot;
    const ready = () => root.querySelectorAll('[part~=thumbnail]').length >= 3 && root.querySelector('.transfer');
    while (!ready()) await new Promise((next) => setTimeout(next, 50));
    await Promise.all([...root.querySelectorAll('img')].map((img) => img.decode().catch(() => {})));
    for (const animation of root.getAnimations()) animation.pause();
  }, recordVideo.toString());
  const element = await tab.$('wistia-uploader');
  await element.screenshot({ path: resolve(out, `${name}.png`) });
  await tab.close();
  console.log(`docs/images/${name}.png`);
}

const standin = createWistiaStandin({ processingMs: { queued: 0, processing: 3000 } });
const server = createServer((req, res) => {
  if (req.url.startsWith('/wistia/')) return standin.handle(req, res);
  if (req.url === '/wistia-uploader.min.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(script);
    return;
  }
  const [, query] = req.url.split('?');
  const shot = SHOTS.find((one) => one.name === query) ?? SHOTS[0];
  res.writeHead(200, { 'Content-Type': 'text/html' }).end(page(shot.width, shot.scheme));
});
const SHOTS = [
  { name: 'light', width: 640, scheme: 'light' },
  { name: 'dark', width: 640, scheme: 'dark' },
  { name: 'phone', width: 360, scheme: 'light' },
];

mkdirSync(out, { recursive: true });
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await puppeteer.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true });
try {
  for (const shot of SHOTS) await shoot(browser, standin, origin, shot);
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
