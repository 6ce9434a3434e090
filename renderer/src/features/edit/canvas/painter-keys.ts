/**
 * When the painters' keys act, for the mask and the markup alike: never while typing in a
 * field (a prompt with "]" in it stays a prompt); otherwise while the pointer is over the
 * picture, while focus is in the painter (a stroke puts it on the canvas, so the keys
 * work right after painting), or when focus is nowhere in particular.
 */

export function isTextEntry(target: EventTarget | null): boolean {
  if (!(typeof HTMLElement !== 'undefined' && target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'button', 'color', 'file'].includes(target.type);
}

export function painterKeysActive(target: EventTarget | null, hovering: boolean): boolean {
  if (isTextEntry(target)) return false;
  if (hovering) return true;
  if (typeof document !== 'undefined' && (target === document.body || target === document.documentElement)) return true;
  return typeof Element !== 'undefined' && target instanceof Element && target.closest('.painter') !== null;
}

/** `[` and `]`: a fifth smaller or larger, at least one pixel per press, within 1..max. */
export function stepSize(size: number, up: boolean, max: number): number {
  const next = up ? Math.max(size + 1, Math.round(size * 1.2)) : Math.min(size - 1, Math.round(size / 1.2));
  return Math.max(1, Math.min(max, next));
}
