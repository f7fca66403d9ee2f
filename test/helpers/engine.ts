/** Which engine runs the page, and input and screenshots that work the same in all three. */
import { executeServerCommand } from '@web/test-runner-commands';

export type Engine = 'chromium' | 'firefox' | 'webkit';

function detect(): Engine {
  const agent = navigator.userAgent;
  if (/\bFirefox\//.test(agent)) return 'firefox';
  if (/Chrom(e|ium)\//.test(agent)) return 'chromium';
  return 'webkit';
}

export const engine: Engine = detect();

/**
 * Limits the tests of the enclosing `describe` to some engines; elsewhere they are skipped through mocha's
 * `this.skip()` and the reason goes into the engine's summary at the end of the run.
 */
export function limitTo(engines: Engine[], reason: string): void {
  beforeEach(async function () {
    if (engines.includes(engine)) return;
    await executeServerCommand('engine-limited', { title: this.currentTest!.fullTitle(), engines, reason });
    this.skip();
  });
}

/** Presses one key or chord, e.g. "Enter" or "Shift+Tab". */
export async function press(key: string): Promise<void> {
  await executeServerCommand('engine-press-key', { key });
}

/** Types text one key per call: WebKitWebDriver drops repeated characters typed in one call. */
export async function typeText(text: string): Promise<void> {
  for (const char of text) await press(char === ' ' ? 'Space' : char);
}

/** Writes test-results/screenshots/<engine>/<name>.png of the element. */
export async function screenshot(el: Element, name: string): Promise<void> {
  el.scrollIntoView({ block: 'start' });
  // Colour transitions still running would be caught half-way (WebKit's shot comes quickest): end them first.
  for (const animation of [...document.getAnimations(), ...(el.shadowRoot?.getAnimations() ?? [])]) {
    if (animation.effect?.getComputedTiming().iterations !== Infinity) animation.finish();
  }
  await new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)));
  const id = el.id || `shot-${Math.random().toString(36).slice(2)}`;
  el.id = id;
  const box = el.getBoundingClientRect();
  const rect = { x: box.x, y: box.y, width: box.width, height: box.height, viewportWidth: window.innerWidth };
  await executeServerCommand('engine-screenshot', { name, selector: `#${id}`, rect });
}

/** Run-time media features (prefers-reduced-motion, forced-colors); Chromium only, through CDP. */
export async function emulateMedia(features: Record<string, string>): Promise<void> {
  await executeServerCommand('engine-emulate-media', features);
}

/** Gives the element's file input files from disk (1 KiB each), typed by the engine as its file dialog would. */
export async function pickFromDisk(el: Element, names: string[]): Promise<void> {
  el.setAttribute('data-set-files', '');
  try {
    await executeServerCommand('engine-set-files', { names });
  } finally {
    el.removeAttribute('data-set-files');
  }
}
