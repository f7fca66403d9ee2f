/** The actions a button names in its `data-action`. */
export type Action =
  'more' | 'loadPiece' | 'importLink' | 'openFilePicker' | 'clear' | 'start' | 'cancel' | 'retry' | 'remove';

interface RootHandlers {
  /** A button with a `data-action` was clicked; `id` is its row's item, if it is in one. */
  click(action: Action, id: string | undefined): void;
  change(target: HTMLInputElement, id: string | undefined): void;
  keydown(target: HTMLElement, event: KeyboardEvent): void;
  /** The file picker closed without a choice. */
  cancel(): void;
}

const rowIdOf = (target: Element) => target.closest<HTMLElement>('[data-id]')?.dataset.id;

/**
 * Takes each kind of event once at the shadow root, for every control and row. Slotted content is the page's own:
 * its events pass through the shadow root too, and are left alone.
 */
export function takeEvents(root: HTMLElement | DocumentFragment, handlers: RootHandlers): void {
  const on = (type: string, handle: (target: HTMLInputElement, event: Event) => void) =>
    root.addEventListener(
      type,
      (event) => {
        const target = event.target as HTMLInputElement;
        if (target.getRootNode() === root) handle(target, event);
      },
      // `cancel` does not bubble: it is caught on its way down.
      type === 'cancel',
    );
  on('click', (target) => {
    const button = target.closest<HTMLButtonElement>('button[data-action]');
    const action = button?.dataset.action as Action | undefined;
    if (action && !button!.disabled) handlers.click(action, rowIdOf(button!));
  });
  on('change', (target) => handlers.change(target, rowIdOf(target)));
  on('keydown', (target, event) => handlers.keydown(target, event as KeyboardEvent));
  on('cancel', () => handlers.cancel());
}
