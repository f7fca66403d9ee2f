// The two pages an upload is measured on, side by side: the element as a script-tag user has it, and a bare XHR.

/** The script-tag bundle, read once at start so a rebuild during a run cannot change what is measured. */
export const BUNDLE_FILE = 'dist/wistia-uploader.min.js';

/** Counts renders of every element of a class and the frames they fall in; installed before the upload starts. */
const RENDER_COUNTER = `
window.countRenders = (ctor) => {
  const proto = ctor.prototype;
  const stats = { renders: 0, frames: 0, maxPerFrame: 0 };
  let inFrame = 0;
  let pending = false;
  const original = proto.update;
  proto.update = function (changed) {
    stats.renders++;
    inFrame++;
    stats.maxPerFrame = Math.max(stats.maxPerFrame, inFrame);
    if (!pending) {
      pending = true;
      // Asked only after a render, so counting adds no frames of its own.
      requestAnimationFrame(() => {
        pending = false;
        inFrame = 0;
        stats.frames++;
      });
    }
    return original.call(this, changed);
  };
  return stats;
};`;

/** The page with the element as a script-tag user has it: the IIFE bundle, Lit included. */
export function elementPage(origin, target) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>element</title>
<script src="/${BUNDLE_FILE}"></script><script>${RENDER_COUNTER}</script></head>
<body><wistia-uploader multiple token-url="/wistia/token" upload-url="${origin}${target}"></wistia-uploader></body></html>`;
}

/** The least a page can do to upload a picked file with progress: one XHR with a multipart body. */
export function barePage(origin, target) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title></head>
<body><input type="file" id="file">
<script>
window.tokenReady = fetch('/wistia/token', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{"project_id":null}' })
  .then((r) => r.json()).then((j) => j.token);
window.upload = (file, token) => new Promise((resolve, reject) => {
  const body = new FormData();
  body.append('file', file, file.name);
  const xhr = new XMLHttpRequest();
  let progress = 0;
  xhr.open('POST', '${origin}${target}');
  xhr.setRequestHeader('Authorization', 'Bearer ' + token);
  xhr.setRequestHeader('Accept', 'application/json');
  xhr.upload.onprogress = () => progress++;
  xhr.onload = () => resolve({ status: xhr.status, progress });
  xhr.onerror = () => reject(new Error('network'));
  xhr.send(body);
});
</script></body></html>`;
}
