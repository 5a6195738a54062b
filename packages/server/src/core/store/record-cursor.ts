/**
 * The keyset cursor of an install's records (newest first): the number of the
 * last record seen, as a string. Both adapters read it the same way.
 */

/** The record number to list below; undefined from the start; null when the cursor is no record number (nothing follows it). */
export function recordCursor(after: string | undefined): number | undefined | null {
  if (after === undefined) return undefined;
  if (!/^\d{1,15}$/.test(after)) return null;
  return Number(after);
}
