import { EventName, type WistiaUploader } from '../src/wistia-uploader.ts';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const basic = $<WistiaUploader>('#basic');
const resumable = $<WistiaUploader>('#resumable');
const themed = $<WistiaUploader>('#themed');

async function control(name: string, body: unknown): Promise<any> {
  const res = await fetch(`/wistia/control/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) log('stand-in', `control ${name} answered ${res.status}`);
  return res.ok ? res.json() : undefined;
}

// ── Event log ───────────────────────────────────────────────────────────────
const list = $<HTMLOListElement>('#log');
const showProgress = $<HTMLInputElement>('#show-progress');

function log(type: string, text: string): void {
  const entry = document.createElement('li');
  const time = new Date().toLocaleTimeString(undefined, { hour12: false });
  entry.innerHTML = '<time></time> <strong></strong> <span></span>';
  entry.querySelector('time')!.textContent = time;
  entry.querySelector('strong')!.textContent = type;
  entry.querySelector('span')!.textContent = text;
  list.prepend(entry);
  while (list.children.length > 200) list.lastElementChild!.remove();
}

function summary(event: Event & { detail: any }): string {
  const { detail } = event;
  const from = (event.target as HTMLElement).id;
  switch (event.type) {
    case EventName.uploadProgress:
      return `${from}: ${detail.item.name} ${detail.percent.toFixed(0)} % at ${(detail.bytesPerSecond / 1e6).toFixed(1)} MB/s`;
    case EventName.uploadRetry:
      return `${from}: ${detail.item.name} ${detail.error.code}, attempt ${detail.attempt} in ${detail.delayMs} ms`;
    case EventName.uploadSuccess:
    case EventName.mediaReady:
      return `${from}: ${detail.item.name} → ${detail.media.hashed_id} (${detail.media.status ?? 'uploaded'})`;
    case EventName.uploadError:
    case EventName.fileReject:
      return `${from}: ${detail.item.name} — ${detail.item.error.code}: ${detail.item.error.message}`;
    case EventName.queueComplete:
      return `${from}: ${detail.succeeded.length} succeeded, ${detail.failed.length} failed, ${detail.cancelled.length} cancelled`;
    default:
      return `${from}: ${detail.item.name} (${detail.item.source})`;
  }
}

for (const type of Object.values(EventName)) {
  document.addEventListener(type, (event) => {
    if (type === EventName.uploadProgress && !showProgress.checked) return;
    log(type, summary(event as Event & { detail: unknown }));
  });
}
$('#clear-log').addEventListener('click', () => list.replaceChildren());

// ── Stand-in switches ───────────────────────────────────────────────────────
$<HTMLInputElement>('#slow').addEventListener('change', (event) => {
  const slow = (event.target as HTMLInputElement).checked;
  void control('slow', { chunkDelayMs: slow ? 25 : 0 });
});
$('#fail-next').addEventListener('click', () => {
  // One more than the default retries, so the item ends failed and can be retried by hand.
  void control('script', {
    route: 'upload',
    responses: [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }],
  });
  log('stand-in', 'the next upload will fail with 503 four times');
});
$('#reject-next').addEventListener('click', () => {
  void control('script', { route: 'upload', responses: [{ status: 400 }] });
  log('stand-in', 'Wistia will refuse the next upload');
});
$('#reset-standin').addEventListener('click', () => {
  void control('reset', {}).then(() => showCuts());
  log('stand-in', 'reset');
});
// Zeros compress to nothing on disk but still travel as 40 MB, enough to watch progress (and five chunks).
const sample = () =>
  new File([new Uint8Array(40_000_000)], `sample-${Date.now().toString(36)}.mp4`, { type: 'video/mp4' });
$('#sample').addEventListener('click', () => basic.addFiles([sample()]));
$('#resumable-sample').addEventListener('click', () => resumable.addFiles([sample()]));

// ── The line to the relay ───────────────────────────────────────────────────
const cut = $<HTMLInputElement>('#cut');
const cutStatus = $<HTMLOutputElement>('#cut-status');
/** Says how many connections the relay has cut: the cut is the relay's, the page only hears of it. */
async function showCuts(on?: boolean): Promise<void> {
  const line = (await control('cut', on === undefined ? {} : { on })) as { cutting: boolean; cuts: number } | undefined;
  if (!line) return;
  cut.checked = line.cutting;
  cutStatus.textContent = line.cutting || line.cuts > 0 ? `${line.cuts} connection(s) cut so far` : '';
}
cut.addEventListener('change', () => {
  void showCuts(cut.checked);
  log('stand-in', cut.checked ? 'the relay cuts every other chunk half-way' : 'the line to the relay is whole');
});
for (const type of [EventName.uploadRetry, EventName.uploadResume, EventName.queueComplete])
  resumable.addEventListener(type, () => void showCuts());
void showCuts();

// ── The form ────────────────────────────────────────────────────────────────
const form = $<HTMLFormElement>('#publish');
const output = $<HTMLOutputElement>('#submitted');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  output.textContent = `Submitted: title=${data.get('title')}, videos=${data.getAll('videos').join(', ')}`;
});
form.addEventListener('invalid', () => (output.textContent = basic.validationMessage), true);
form.addEventListener('reset', () => (output.textContent = ''));

// ── Language of the themed example ──────────────────────────────────────────
$<HTMLSelectElement>('#lang').addEventListener('change', (event) => {
  themed.lang = (event.target as HTMLSelectElement).value;
});
