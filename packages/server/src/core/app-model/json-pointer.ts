/** RFC 6901 JSON pointers: built from reference tokens, with `~` and `/` escaped. */

export function escapePointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `pointer('components', 1, 'ports')` is `/components/1/ports`; `pointer()` is `""` (the whole document). */
export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => `/${escapePointerToken(t)}`).join('');
}

/** Appends tokens to an existing pointer. */
export function childPointer(base: string, ...tokens: (string | number)[]): string {
  return base + pointer(...tokens);
}
