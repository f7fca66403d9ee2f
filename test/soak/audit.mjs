// Checks a soak run: every life of an accepted item ended exactly once and every item ended in a state it may end
// in, every success arrived once with the page's bytes, Wistia (the stand-in) knows every media the page was told
// about, no file was sent again after its whole body arrived unless its answer failed, and no token served
// another project than the one it was issued for.
import { faultKind } from './faults.mjs';

const SUCCESS = 'wistia-upload-success';
const ERROR = 'wistia-upload-error';
const CANCEL = 'wistia-upload-cancel';
const REJECT = 'wistia-file-reject';

/** Margins (ms) around an offline span within which a dropped request counts as dropped by the network. */
const OFFLINE_BEFORE_MS = 250;
const OFFLINE_AFTER_MS = 1000;

/**
 * @param {{ report: { records: any[], stallTimeout: number }, log: any, origin: string,
 *   offlineSpans?: { from: number, to?: number }[] }} run
 */
export async function audit({ report, log, origin, offlineSpans = [] }) {
  const problems = [];
  const records = report.records;
  for (const r of records.filter((x) => x.kind === 'unknown'))
    problems.push(`event for an item the soak never added: ${r.name}`);
  for (const r of records.filter((x) => x.rejected)) problems.push(`${r.name} refused: ${r.rejected}`);
  const accepted = records.filter((r) => !r.rejected && r.kind !== 'unknown');
  for (const r of accepted.filter((x) => Object.keys(x.ids).length > 1))
    problems.push(`${r.name} had ${Object.keys(r.ids).length} ids`);

  const byKind = count(accepted.map((r) => r.kind));
  const terminal = count(accepted.flatMap((r) => r.terminal.map(terminalKind)));
  const lives = accepted.reduce((sum, r) => sum + r.lives, 0);
  const notOneTerminal = accepted.filter((r) => r.terminal.length !== r.lives);
  for (const r of notOneTerminal)
    problems.push(`${r.name}: ${r.terminal.length} terminal events in ${r.lives} lives (${r.events.join(' → ')})`);
  const ends = count(accepted.map((r) => endOf(r) ?? 'open'));
  const badEnds = accepted.filter((r) => {
    const wrong = wrongEnd(r);
    if (wrong) problems.push(`${r.name}: ${wrong}`);
    return wrong !== null;
  });

  // What the stand-in answered 200, keyed as the page keys its items.
  const requests = log.requests.filter((r) => ['upload', 's3_copy', 'token'].includes(r.route));
  const faults = count(requests.map(faultKind).filter(Boolean));
  const faulted = requests.filter((r) => faultKind(r) !== null).length;
  const delivered = new Map();
  for (const r of log.requests.filter((x) => x.status === 200 && (x.route === 'upload' || x.route === 's3_copy'))) {
    const key =
      r.route === 's3_copy'
        ? `s3:${r.fields.source_file}`
        : r.files.length
          ? `file:${r.files[0].filename}`
          : `url:${r.fields.url}`;
    delivered.set(key, [...(delivered.get(key) ?? []), r]);
  }
  const keyOf = (r) => (r.kind === 's3' ? `s3:${r.key}` : r.kind === 'url' ? `url:${r.url}` : `file:${r.name}`);

  let duplicated = 0;
  let mismatched = 0;
  for (const [key, answers] of delivered) {
    if (answers.length > 1) {
      duplicated++;
      problems.push(`${key} reached the stand-in ${answers.length} times as a success`);
    }
  }
  const made = new Set(accepted.filter((r) => r.kind === 'file').map((r) => r.sha256));
  for (const [sha, times] of Object.entries(log.successesBySha256)) {
    if (!made.has(sha)) {
      mismatched++;
      problems.push(`bytes the page never made arrived (${sha.slice(0, 12)}…, ${times}×)`);
    }
  }
  for (const r of accepted.filter((x) => x.kind === 'file')) {
    const wrong = (delivered.get(keyOf(r)) ?? []).filter(
      (answer) => answer.files[0].sha256 !== r.sha256 || answer.files[0].bytes !== r.size,
    );
    if (wrong.length) {
      mismatched++;
      problems.push(`${r.name}: ${wrong.length} delivery(ies) with other bytes than the page made`);
    }
  }

  const { resentAfterBody, excused } = resends(log, accepted, offlineSpans, problems);
  const { projectChecked, wrongProject } = tokenProjects(log, problems);
  const slow = requests.filter((r) => faultKind(r) === 'slow' && r.bodyComplete);

  // Every success the page was told of must be a media Wistia has, under the item's name.
  /** @type {string | undefined} */
  let token;
  const missingMedia = [];
  for (const r of accepted) {
    const success = r.terminal.find((t) => t.type === SUCCESS);
    if (!success) continue;
    token ??= await freshToken(origin);
    const media = await fetch(`${origin}/wistia/api/v1/medias/${encodeURIComponent(success.hashedId)}.json`, {
      headers: { Authorization: `Bearer ${token}` },
    }).then((res) => (res.ok ? res.json() : undefined));
    if (!delivered.has(keyOf(r)) || media?.name !== r.name) {
      missingMedia.push(r.name);
      problems.push(`${r.name}: success ${success.hashedId}, but the stand-in has no such media`);
    }
  }

  const lost = new Set([...notOneTerminal.map((r) => r.name), ...missingMedia]).size;
  return {
    items: accepted.length,
    byKind,
    requests: requests.length,
    faulted,
    faultRate: requests.length ? faulted / requests.length : 0,
    faults,
    terminal,
    lives,
    ends,
    badEnds,
    notOneTerminal,
    resentAfterBody,
    excusedResends: excused,
    projectChecked,
    wrongProject,
    slowAnswers: slow.length,
    slowerThanStall: slow.filter((r) => r.fault.delayMs > report.stallTimeout).length,
    duplicated,
    mismatched,
    missingMedia,
    tokenRequests: log.tokenRequests,
    lost,
    problems,
  };
}

function terminalKind(t) {
  if (t.type === SUCCESS) return 'success';
  if (t.type === 'wistia-upload-cancel') return 'cancel';
  if (t.type === REJECT) return `rejected ${t.code}`;
  return `error ${t.code}`;
}

/** How an item ended: its last life's end, or undefined while that life runs. */
function endOf(r) {
  const last = r.terminal.at(-1);
  if (!last || r.terminal.length < r.lives) return undefined;
  return { [SUCCESS]: 'uploaded', [ERROR]: 'failed', [CANCEL]: 'cancelled', [REJECT]: 'rejected' }[last.type];
}

/** Why an item's end breaks the contract or what its app hook said, or null when it does not. */
function wrongEnd(r) {
  const end = endOf(r);
  if (!end) return 'never ended';
  const last = r.terminal.at(-1);
  const status = {
    uploaded: ['succeeded', 'processing'],
    failed: ['failed'],
    cancelled: ['cancelled'],
    rejected: ['rejected'],
  };
  if (!status[end].includes(last.status)) return `ended ${end} with status ${last.status}`;
  if ((end === 'failed' || end === 'rejected') && !last.message?.trim()) return `ended ${end} without a message`;
  if (r.terminal.slice(0, -1).some((t) => t.type === REJECT || t.type === SUCCESS))
    return `a life after a final end (${r.events.join(' → ')})`;
  const refused = r.hook.answer !== 'go';
  if (end === 'rejected' && !refused) return 'rejected though the app let it go';
  if (refused && end !== 'rejected' && !(end === 'cancelled' && r.userActs.length > 0))
    return `ended ${end} though the app ${r.hook.answer === 'throw' ? 'threw' : 'refused it'}`;
  if (end === 'rejected' && last.code !== 'rejected_by_app') return `rejected ${last.code}`;
  if (r.hook.answer === 'throw' && end === 'rejected' && last.message !== `The soak's app refuses ${r.name}.`)
    return `rejected with "${last.message}" instead of the app's own words`;
  return null;
}

/**
 * Files sent again after the stand-in had their whole body and the client gave up waiting for the answer.
 * A drop while the browser was offline is the network's, a re-send after the page cancelled, removed or
 * retried the item the user's: those are counted apart.
 */
function resends(log, accepted, offlineSpans, problems) {
  const byName = new Map(accepted.map((r) => [r.name, r]));
  const sends = new Map();
  for (const r of log.requests.filter((x) => x.route === 'upload' && x.files.length > 0)) {
    const name = r.files[0].filename;
    sends.set(name, [...(sends.get(name) ?? []), r]);
  }
  const offline = (t) =>
    offlineSpans.some((s) => t >= s.from - OFFLINE_BEFORE_MS && t <= (s.to ?? Infinity) + OFFLINE_AFTER_MS);
  let resentAfterBody = 0;
  const excused = { offline: 0, user: 0 };
  for (const [name, list] of sends) {
    list.sort((a, b) => a.seq - b.seq);
    for (let i = 0; i + 1 < list.length; i++) {
      const sent = list[i];
      if (!sent.bodyComplete || !sent.clientAborted) continue;
      const ended = Date.parse(sent.endedAt);
      const next = Date.parse(list[i + 1].startedAt);
      if (offline(ended)) {
        excused.offline++;
        continue;
      }
      const acts = byName.get(name)?.userActs ?? [];
      if (acts.some((t) => t >= Date.parse(sent.startedAt) - 50 && t <= next + 50)) {
        excused.user++;
        continue;
      }
      resentAfterBody++;
      problems.push(
        `${name}: whole body of request #${sent.seq} received, the client closed it unanswered ` +
          `${ended - Date.parse(sent.startedAt)} ms after it began (fault ${JSON.stringify(sent.fault)}), ` +
          `then sent the file again in #${list[i + 1].seq}`,
      );
    }
  }
  return { resentAfterBody, excused };
}

/** Upload requests whose token the stand-in issued for another project than the project_id they carry. */
function tokenProjects(log, problems) {
  let projectChecked = 0;
  let wrongProject = 0;
  for (const r of log.requests) {
    if (r.route !== 'upload' && r.route !== 's3_copy') continue;
    // The fields are known once the body is in, or once the file part (always last) began.
    if (r.tokenProject === undefined || !(r.bodyComplete || r.fieldOrder.includes('file'))) continue;
    projectChecked++;
    const carried = r.fields.project_id ?? null;
    if (r.tokenProject !== carried) {
      wrongProject++;
      problems.push(`request #${r.seq}: token issued for project ${r.tokenProject}, body has project_id ${carried}`);
    }
  }
  return { projectChecked, wrongProject };
}

function count(list) {
  const counts = {};
  for (const x of list) counts[x] = (counts[x] ?? 0) + 1;
  return counts;
}

/** The token route may still hold scripted faults: ask until it answers one. */
async function freshToken(origin) {
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(`${origin}/wistia/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"project_id":null}',
        signal: AbortSignal.timeout(1000),
      });
      if (res.ok) return (await res.json()).token;
    } catch {
      // A scripted reset or stall: try again.
    }
  }
  throw new Error('the stand-in gave no token for the audit');
}
