// The soak's hands inside the page: makes files, feeds the element as a user or an app would, moves it around,
// and writes down every event it fires, per item. The Node side (soak.mjs) decides what to do and when.
(() => {
  const el = document.querySelector('wistia-uploader');
  const places = {
    a: document.getElementById('a'),
    b: document.getElementById('b'),
    c: document.getElementById('c').attachShadow({ mode: 'open' }),
  };
  const TERMINAL = new Set(['wistia-upload-success', 'wistia-upload-error', 'wistia-upload-cancel']);
  /** name → what was added and everything that happened to it */
  const records = new Map();
  const violations = [];
  let seed = 1;
  let queueCompletes = 0;

  document.addEventListener('securitypolicyviolation', (e) =>
    violations.push(`${e.violatedDirective} ${e.sourceFile}`),
  );

  const names = [
    'file-reject',
    'upload-start',
    'upload-progress',
    'upload-retry',
    'upload-success',
    'media-ready',
    'upload-error',
    'upload-cancel',
    'queue-complete',
  ];
  for (const name of names) {
    // On the element itself: while it is detached, events do not reach the document.
    el.addEventListener(`wistia-${name}`, (event) => {
      if (event.type === 'wistia-queue-complete') return void queueCompletes++;
      const { item, media, error } = event.detail;
      const record = records.get(item.name) ?? unknown(item.name);
      record.ids[item.id] = true;
      if (event.type === 'wistia-upload-progress') return void record.progress++;
      record.events.push(event.type);
      if (event.type === 'wistia-file-reject') record.rejected = item.error?.code ?? 'unknown';
      if (TERMINAL.has(event.type)) {
        record.terminal.push({
          type: event.type,
          code: error?.code,
          message: error?.message,
          hashedId: media?.hashed_id,
          mediaName: media?.name,
        });
      }
    });
  }

  function unknown(name) {
    const record = { kind: 'unknown', name, ids: {}, events: [], terminal: [], progress: 0 };
    records.set(name, record);
    return record;
  }

  function track(kind, name, extra = {}) {
    const record = { kind, name, ids: {}, events: [], terminal: [], progress: 0, ...extra };
    records.set(name, record);
    return record;
  }

  /** xorshift32, seeded per file, so a file's bytes are known from its number alone. */
  function fileBytes(n, size) {
    const words = new Uint32Array(Math.ceil(size / 4));
    let x = (seed * 2654435761 + n * 40503 + 1) >>> 0 || 1;
    for (let i = 0; i < words.length; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      words[i] = x;
    }
    return new Uint8Array(words.buffer, 0, size);
  }

  async function hex(bytes) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function idOf(name) {
    return Object.keys(records.get(name)?.ids ?? {})[0] ?? el.items.find((i) => i.name === name)?.id;
  }

  window.soak = {
    init(s) {
      seed = s;
      return customElements
        .whenDefined('wistia-uploader')
        .then(() => el.updateComplete)
        .then(() => true);
    },

    /** Files made in the page; `via` 'drop' goes through a real drop event, 'api' through addFiles(). */
    async addFiles(specs, via) {
      const files = [];
      for (const { n, size } of specs) {
        const name = `soak-f${n}.mp4`;
        const bytes = fileBytes(n, size);
        track('file', name, { size, sha256: await hex(bytes) });
        files.push(new File([bytes], name, { type: 'video/mp4' }));
      }
      if (via === 'drop') {
        const dataTransfer = new DataTransfer();
        for (const file of files) dataTransfer.items.add(file);
        const zone = el.shadowRoot.querySelector('[part~="dropzone"]');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          zone.dispatchEvent(new DragEvent(type, { dataTransfer, bubbles: true, composed: true, cancelable: true }));
        }
      } else {
        el.addFiles(files);
      }
    },

    /** A link import; 'field' types it into the element's URL field and presses Enter. */
    async importUrl(n, via) {
      const url = `https://media.example.com/soak/${seed}/soak-u${n}.mp4`;
      track('url', `soak-u${n}.mp4`, { url });
      if (via === 'field') {
        const field = el.shadowRoot.querySelector('[part~="url-input"]');
        field.value = url;
        field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
      } else {
        el.importUrl(url);
      }
    },

    importS3(n) {
      const key = `soak/${seed}/soak-s${n}.mp4`;
      track('s3', `soak-s${n}.mp4`, { key });
      el.importS3('soak-bucket', key);
    },

    /** Cancels as a user would (the row's Cancel button) when the row is on screen, else through cancel(). */
    cancel(name) {
      const record = records.get(name);
      const id = idOf(name);
      if (!record || !id) return 'unknown';
      const status = el.items.find((i) => i.id === id)?.status;
      if (status !== 'queued' && status !== 'uploading') return 'not-active';
      record.cancelAsked = true;
      const button = el.shadowRoot.querySelector(`[data-id="${CSS.escape(id)}"] button[data-action="cancel"]`);
      if (button && !button.disabled) button.click();
      else el.cancel(id);
      return button ? 'button' : 'api';
    },

    /** Moves the element: to another container, into a shadow root, or out of the page for a moment. */
    move(kind, awayMs) {
      const here = el.parentNode;
      if (kind === 'detach') {
        el.remove();
        setTimeout(() => here.append(el), awayMs);
        return kind;
      }
      const targets = Object.values(places).filter((p) => p !== here);
      targets[kind === 'shadow' ? targets.length - 1 : 0].append(el);
      return kind;
    },

    clearFinished() {
      el.clear();
    },

    /** Items still queued or running, and accepted items that have not ended. */
    pending() {
      const active = el.items.filter((i) => ['queued', 'uploading', 'processing'].includes(i.status)).length;
      let open = 0;
      for (const record of records.values()) if (!record.rejected && record.terminal.length === 0) open++;
      return { active, open, connected: el.isConnected };
    },

    report() {
      return { records: [...records.values()], violations, queueCompletes };
    },
  };
})();
