// Loaded before the element on the locked-down page: records what the page would see, for the test to read back.
(() => {
  const seen = { violations: [], console: [], events: [] };
  window.__seen = seen;
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.violations.push({
      directive: e.violatedDirective,
      blocked: e.blockedURI,
      sample: e.sample,
      source: e.sourceFile,
    });
  });
  window.addEventListener('error', (e) => seen.console.push(`pageerror: ${e.message}`));
  window.addEventListener('unhandledrejection', (e) => seen.console.push(`pageerror: ${String(e.reason)}`));
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
    const original = console[level].bind(console);
    console[level] = (...args) => {
      seen.console.push(args.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' '));
      original(...args);
    };
  }
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
    document.addEventListener(`wistia-${name}`, (e) => seen.events.push({ type: e.type, detail: safeJson(e.detail) }));
  }
  function safeJson(value) {
    try {
      return JSON.stringify(value);
    } catch {
      return String(value);
    }
  }
})();
