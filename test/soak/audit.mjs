// Checks a soak run: every accepted item ended exactly once, every success arrived once with the page's bytes,
// and Wistia (the stand-in) knows every media the page was told about.
import { faultKind } from './faults.mjs';

const SUCCESS = 'wistia-upload-success';

/**
 * @param {{ report: { records: any[] }, log: any, origin: string }} run
 */
export async function audit({ report, log, origin }) {
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
  const notOneTerminal = accepted.filter((r) => r.terminal.length !== 1);
  for (const r of notOneTerminal)
    problems.push(`${r.name}: ${r.terminal.length} terminal events (${r.events.join(' → ')})`);

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

  // Every success the page was told of must be a media Wistia has, under the item's name.
  const token = await freshToken(origin);
  const missingMedia = [];
  for (const r of accepted) {
    const success = r.terminal.find((t) => t.type === SUCCESS);
    if (!success) continue;
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
    notOneTerminal,
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
  return `error ${t.code}`;
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
