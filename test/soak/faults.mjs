// What goes wrong, and how often: scripted answers queued on the stand-in's routes before the run. Each request
// takes the next answer of its route, so the seed fixes the sequence of faults though not which item meets which.

/** The run must fault at least this share of the requests it makes, or it proves too little. */
export const FAULT_RATE = 0.25;
/** Chance that the next request on a route meets a fault. */
const INJECT = 0.33;

const statuses5xx = [500, 502, 503, 504];

/** Weighted faults of the Upload and S3 copy routes; `make` gets the PRNG and returns a scripted answer. */
const WISTIA_FAULTS = [
  [3, (r) => ({ status: statuses5xx[Math.floor(r() * 4)], ...(r() < 0.3 ? { retryAfter: 1 } : {}) })],
  [2, (r) => ({ status: 429, retryAfter: 1 + Math.floor(r() * 2) })],
  [2, () => ({ status: 401 })],
  [2, (r) => ({ resetAfterBytes: Math.floor(r() * 512 * 1024) })],
  // Reads nothing for a while, then goes on: a large body meets the stall timeout, a small one sits sent, waiting.
  [1.5, (r) => ({ stallMs: 2500 + Math.floor(r() * 5500) })],
  // Answers well after the whole body arrived, mostly later than the element's stall-timeout (2 s in the page).
  [3, (r) => ({ delayMs: 1500 + Math.floor(r() * 4500) })],
];
/** Faults of the site's token endpoint. */
const TOKEN_FAULTS = [
  [3, (r) => ({ status: statuses5xx[Math.floor(r() * 4)] })],
  [1, () => ({ status: 429, retryAfter: 1 })],
  [1, () => ({ resetAfterBytes: 0 })],
  [1, () => ({ stall: true })],
];

function draw(random, table) {
  const total = table.reduce((sum, [weight]) => sum + weight, 0);
  let x = random() * total;
  for (const [weight, make] of table) {
    if ((x -= weight) < 0) return make(random);
  }
  return table[table.length - 1][1](random);
}

function sequence(random, length, table) {
  return Array.from({ length }, () => (random() < INJECT ? draw(random, table) : { pass: true }));
}

/** Scripted answers per route, longer than any run needs; the rest stay unused. */
export function faultScripts(random) {
  return {
    upload: sequence(random, 3000, WISTIA_FAULTS),
    s3_copy: sequence(random, 800, WISTIA_FAULTS),
    token: sequence(random, 800, TOKEN_FAULTS),
  };
}

/** The kind of fault a request met, from the stand-in's log record, or null. */
export function faultKind(record) {
  const fault = record.fault;
  if (!fault) return record.status === 401 ? 'expired' : null;
  const prefix = record.route === 'token' ? 'token ' : '';
  if (fault.stall || fault.stallMs !== undefined) return `${prefix}stall`;
  if (fault.delayMs !== undefined && fault.status === undefined) return `${prefix}slow`;
  if (fault.resetAfterBytes !== undefined) return `${prefix}reset`;
  if (fault.status === 429) return `${prefix}429`;
  if (fault.status === 401) return `${prefix}401`;
  if (fault.status >= 500) return `${prefix}5xx`;
  return `${prefix}other`;
}

const LABELS = {
  expired: '401 from an expired token',
  stall: 'stall',
  slow: 'slow answer after the whole body',
  reset: 'socket reset mid-body',
  429: '429 + Retry-After',
  401: '401',
  '5xx': '5xx',
};

export function describeFault(kind) {
  const [first, second] = kind.split(' ');
  return second ? `token ${LABELS[second] ?? second}` : (LABELS[first] ?? first);
}
