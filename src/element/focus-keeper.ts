const rowOf = (element?: Element | null) => element?.closest<HTMLElement>('[data-id]')?.dataset.id;

/**
 * Keeps keyboard users on their item. Rows are drawn by position (Lit's keyed `repeat` would cost more bytes than
 * this), so after a row is removed the focused button may still be in the page but belong to the next item.
 * Called before a render that may take the focused control away; the function it returns, after it, puts focus on
 * the same item, else the next one, else the previous, else any item's button, else the picker button.
 */
export function keepFocus(root: ShadowRoot | undefined): (() => void) | undefined {
  const active = root?.activeElement;
  if (!active) return;
  const row = active.closest('[data-id]');
  const ids = [row, row?.nextElementSibling, row?.previousElementSibling].map(rowOf);
  return () => {
    if (active.isConnected && rowOf(active) === ids[0]) return;
    const controls = ids.map((id) => {
      const found = id === undefined ? null : root.querySelector(`[data-id="${CSS.escape(id)}"]`);
      return found?.querySelector('button:not(:disabled)') ?? found?.querySelector('input:not(:disabled), a[href]');
    });
    const target =
      controls.find(Boolean) ??
      root.querySelector('.items button, .rejections button') ??
      root.querySelector('.choose');
    (target as HTMLElement | null | undefined)?.focus();
  };
}
