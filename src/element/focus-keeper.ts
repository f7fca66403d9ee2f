/** Where focus was before a render that may take the focused button away. */
interface FocusBefore {
  element: Element;
  row?: string;
  next?: string;
  previous?: string;
}

const rowOf = (element: Element) => element.closest<HTMLElement>('[data-id]')?.dataset.id;

/**
 * Keeps keyboard users on their item. Rows are drawn by position (Lit's keyed `repeat` would cost more bytes than
 * this), so after a row is removed the focused button may still be in the page but belong to the next item.
 */
export class FocusKeeper {
  private before?: FocusBefore;

  remember(root: ShadowRoot | undefined): void {
    const active = root?.activeElement;
    const row = active?.closest<HTMLElement>('[data-id]');
    this.before = active
      ? {
          element: active,
          row: row?.dataset.id,
          next: (row?.nextElementSibling as HTMLElement | null)?.dataset.id,
          previous: (row?.previousElementSibling as HTMLElement | null)?.dataset.id,
        }
      : undefined;
  }

  /** The same item, else the next one, else the previous, else any item's button, else the picker button. */
  restore(root: ParentNode): void {
    const before = this.before;
    this.before = undefined;
    if (!before || (before.element.isConnected && rowOf(before.element) === before.row)) return;
    const firstControl = (id?: string) => {
      const found = id === undefined ? null : root.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
      return (
        found?.querySelector<HTMLElement>('button:not(:disabled)') ??
        found?.querySelector<HTMLElement>('input:not(:disabled), a[href]') ??
        null
      );
    };
    const target =
      firstControl(before.row) ??
      firstControl(before.next) ??
      firstControl(before.previous) ??
      root.querySelector<HTMLElement>('.items button, .rejections button') ??
      root.querySelector<HTMLElement>('.choose');
    target?.focus();
  }
}
