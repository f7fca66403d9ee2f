/** What the element tests share: the stand-in's controls, user-like input, axe and screenshots. */
import { fixture, html, nextFrame } from '@open-wc/testing';
import { PATIENCE_MS, waitUntil } from '../helpers/wait.js';
import '../../src/wistia-uploader.js';
import { EventName, type WistiaUploader } from '../../src/wistia-uploader.js';

export { standin, type Route, type ScriptedAnswer } from '../helpers/standin.js';
export { emulateMedia, engine, limitTo, pickFromDisk, press, screenshot, typeText } from '../helpers/engine.js';

/** A small video file; its bytes do not matter to the stand-in. */
export function videoFile(name = 'clip.mp4', size = 2048, type = 'video/mp4'): File {
  return new File([new Uint8Array(size).fill(7)], name, { type });
}

const mounted = new Set<WistiaUploader>();

// Uploads outlive their element by design: stop them so they cannot reach the stand-in during the next test.
afterEach(() => {
  for (const el of mounted) for (const item of el.items) el.remove(item.id);
  mounted.clear();
});

/**
 * Waits until the element shows its latest state: the view may draw what the core reports on the next frame,
 * so the frame comes first, then Lit's update.
 */
export async function settled(el: { updateComplete: Promise<boolean> }): Promise<void> {
  await nextFrame();
  await el.updateComplete;
}

/** An uploader pointed at the stand-in; `extra` attributes are added as they are. */
export async function mountUploader(extra: Record<string, string | boolean> = {}): Promise<WistiaUploader> {
  const el = await fixture<WistiaUploader>(
    html`<wistia-uploader
      token-url="/wistia/token"
      upload-url="/wistia/upload/"
      s3-copy-url="/wistia/upload/s3_copy"
      api-url="/wistia/api"
    ></wistia-uploader>`,
  );
  mounted.add(el);
  for (const [name, value] of Object.entries(extra)) {
    if (value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? '' : value);
  }
  await settled(el);
  return el;
}

export function part(el: WistiaUploader, name: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
  if (!found) throw new Error(`no part "${name}"`);
  return found;
}

export function parts(el: WistiaUploader, name: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(`[part~="${name}"]`)];
}

export function $(el: WistiaUploader, selector: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(selector);
}

export function row(el: WistiaUploader, id: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`.list [data-id="${id}"]`);
}

/** Buttons of an item's row, by their visible text. */
export function rowButton(el: WistiaUploader, id: string, text: string): HTMLButtonElement {
  const button = [...(row(el, id)?.querySelectorAll('button') ?? [])].find((b) => b.textContent!.trim() === text);
  if (!button) throw new Error(`no "${text}" button for ${id}`);
  return button as HTMLButtonElement;
}

/** Drags files over the element and drops them, as a desktop file manager does. */
export async function dropFiles(
  el: WistiaUploader,
  files: File[],
  where: Element = part(el, 'dropzone'),
): Promise<void> {
  const dataTransfer = new DataTransfer();
  for (const file of files) dataTransfer.items.add(file);
  where.dispatchEvent(new DragEvent('dragenter', { dataTransfer, bubbles: true, composed: true, cancelable: true }));
  where.dispatchEvent(new DragEvent('dragover', { dataTransfer, bubbles: true, composed: true, cancelable: true }));
  where.dispatchEvent(new DragEvent('drop', { dataTransfer, bubbles: true, composed: true, cancelable: true }));
  await settled(el);
}

/** Pastes files or text into the focused element, as Ctrl/Cmd+V does. */
export function paste(target: Element, content: { files?: File[]; text?: string }): ClipboardEvent {
  const clipboardData = new DataTransfer();
  for (const file of content.files ?? []) clipboardData.items.add(file);
  if (content.text !== undefined) clipboardData.setData('text/plain', content.text);
  const event = new ClipboardEvent('paste', { clipboardData, bubbles: true, composed: true, cancelable: true });
  // Firefox empties the clipboardData of a script-made paste (a real one carries it): hand it over as a real one does.
  if (event.clipboardData !== clipboardData) Object.defineProperty(event, 'clipboardData', { value: clipboardData });
  target.dispatchEvent(event);
  return event;
}

/** Whether leaving the page now would ask for confirmation (the element's unload warning). */
export function beforeUnloadPrevented(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

/** Records every uploader event the element fires. */
export function recordEvents(el: EventTarget): Array<Event & { detail: any }> {
  const seen: Array<Event & { detail: any }> = [];
  for (const type of Object.values(EventName))
    el.addEventListener(type, (e) => seen.push(e as Event & { detail: any }));
  return seen;
}

export function ofType(events: Array<Event & { detail: any }>, type: string) {
  return events.filter((e) => e.type === type);
}

/** Waits until the element's list shows an item with this status. */
export async function untilStatus(el: WistiaUploader, status: string, count = 1, timeout = PATIENCE_MS): Promise<void> {
  await waitUntil(() => el.items.filter((i) => i.status === status).length >= count, `no ${count} item(s) ${status}`, {
    timeout,
  });
  await settled(el);
}

let axeLoaded: Promise<void> | undefined;
function loadAxe(): Promise<void> {
  axeLoaded ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('axe-core did not load'));
    document.head.append(script);
  });
  return axeLoaded;
}

/** axe-core's WCAG 2.x A/AA rules (2.2 included) on the element; returns a readable list of violations. */
export async function axeViolations(el: Element): Promise<string[]> {
  await loadAxe();
  // Judge the colours the state settles on, not a colour transition half-way (WebKit is caught in one).
  for (const animation of el.shadowRoot?.getAnimations() ?? []) {
    if (animation.effect?.getComputedTiming().iterations !== Infinity) animation.finish();
  }
  const axe = (window as unknown as { axe: any }).axe;
  const result = await axe.run(el, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    // A fixture is not a whole page: page-level rules do not apply.
    rules: {
      region: { enabled: false },
      'landmark-one-main': { enabled: false },
      'page-has-heading-one': { enabled: false },
    },
  });
  return result.violations.map(
    (v: any) =>
      `${v.id}: ${v.help} — ${v.nodes.map((n: any) => `${n.target.join(' ')} ${n.failureSummary}`).join(' | ')}`,
  );
}
