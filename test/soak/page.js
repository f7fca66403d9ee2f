// The soak's hands inside the page: makes files, feeds the element as a user or an app would, moves it around,
// answers its beforeUpload hook, and writes down every event it fires, per item and per life (adding, or an
// effective retry(), starts one). The Node side (soak.mjs) decides what to do and when.
(() => {
  const el = document.querySelector('wistia-uploader');
  const places = {
    a: document.getElementById('a'),
    b: document.getElementById('b'),
    c: document.getElementById('c').attachShadow({ mode: 'open' }),
  };
  const TERMINAL = new Set(['wistia-upload-success', 'wistia-upload-error', 'wistia-upload-cancel']);
  const RUNNING = new Set(['queued', 'uploading']);
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
      // The app's hook refusing an accepted item ends that life; any other refusal is of the input itself.
      const byApp = event.type === 'wistia-file-reject' && item.error?.code === 'rejected_by_app';
      if (event.type === 'wistia-file-reject' && !byApp) record.rejected = item.error?.code ?? 'unknown';
      if (TERMINAL.has(event.type) || byApp) {
        record.terminal.push({
          type: event.type,
          status: item.status,
          code: error?.code ?? (byApp ? item.error.code : undefined),
          message: error?.message ?? (byApp ? item.error.message : undefined),
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
    const record = {
      kind,
      name,
      ids: {},
      events: [],
      terminal: [],
      progress: 0,
      lives: 1,
      // When the page cancelled, removed or retried it (epoch ms): a re-send after these is the user's doing.
      userActs: [],
      hook: hookPlan(name),
      ...extra,
    };
    records.set(name, record);
    return record;
  }

  /** FNV-1a of the seed and a text, as a fraction: the hook's answer for an item is known from its name alone. */
  function fraction(text) {
    let h = (2166136261 ^ seed) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    return h / 2 ** 32;
  }

  /** What beforeUpload does with an item: 5 % refused, 5 % a throw, the rest go; 40 % of all wait first. */
  function hookPlan(name) {
    const a = fraction(`${name}#answer`);
    const w = fraction(`${name}#wait`);
    return { answer: a < 0.05 ? 'refuse' : a < 0.1 ? 'throw' : 'go', waitMs: w < 0.4 ? Math.round(50 + w * 4875) : 0 };
  }

  /** The app's hook: answers at once or after a while, says no, or throws. */
  function beforeUpload(item) {
    const plan = records.get(item.name)?.hook ?? { answer: 'go', waitMs: 0 };
    const answer = () => {
      if (plan.answer === 'throw') throw new Error(`The soak's app refuses ${item.name}.`);
      return plan.answer !== 'refuse';
    };
    if (!plan.waitMs) return answer();
    return new Promise((resolve) => setTimeout(resolve, plan.waitMs)).then(answer);
  }
  el.beforeUpload = beforeUpload;

  /** The item's current status, or undefined once it has left the list. */
  function statusOf(name) {
    const id = idOf(name);
    return id ? el.items.find((i) => i.id === id)?.status : undefined;
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
      record.userActs.push(Date.now());
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

    /** Another project for what is asked from now on (null: none). */
    setProject(projectId) {
      if (projectId === null) el.removeAttribute('project-id');
      else el.projectId = projectId;
    },

    /**
     * A burst of remove(id), cancel then retry(id), and retry(id) on the given items, as an impatient user or app
     * does; resolves when the last delayed retry has been made. Says what took effect.
     */
    async storm(actions) {
      const done = { removed: 0, retried: 0, cancelled: 0 };
      const retry = (record, name) => {
        const status = statusOf(name);
        if (status !== 'failed' && status !== 'cancelled') return;
        record.userActs.push(Date.now());
        record.lives++;
        el.retry(idOf(name));
        done.retried++;
      };
      const later = [];
      for (const { name, action, delayMs } of actions) {
        const record = records.get(name);
        if (!record || record.rejected) continue;
        const id = idOf(name);
        if (action === 'retry') {
          retry(record, name);
          continue;
        }
        if (!id || !RUNNING.has(statusOf(name))) continue;
        record.userActs.push(Date.now());
        if (action === 'remove') {
          record.removed = true;
          el.remove(id);
          done.removed++;
          continue;
        }
        el.cancel(id);
        done.cancelled++;
        later.push(new Promise((resolve) => setTimeout(resolve, delayMs)).then(() => retry(record, name)));
      }
      await Promise.all(later);
      return done;
    },

    /** Items still queued or running, and accepted items that have not ended. */
    pending() {
      const active = el.items.filter((i) => ['queued', 'uploading', 'processing'].includes(i.status)).length;
      let open = 0;
      for (const record of records.values()) if (!record.rejected && record.terminal.length < record.lives) open++;
      return { active, open, connected: el.isConnected };
    },

    report() {
      return { records: [...records.values()], violations, queueCompletes, stallTimeout: el.stallTimeout };
    },
  };
})();
