/**
 * Kubernetes resource quantities (`100m`, `0.5`, `128Mi`, `1Gi`, `1e3`), by the
 * grammar of k8s.io/apimachinery `resource.Quantity`, parsed to a plain number
 * so that requests and limits can be compared. Float precision is plenty for
 * "is the request above the limit".
 */

const QUANTITY_RE = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

export interface Quantity {
  readonly value: number;
  readonly suffix: string;
}

/** The quantity's value (cores, bytes, ...), or undefined when `text` is not a quantity. */
export function parseQuantity(text: string): Quantity | undefined {
  if (typeof text !== 'string') return undefined;
  const m = QUANTITY_RE.exec(text);
  if (!m) return undefined;
  const suffix = m[3] ?? '';
  const base = Number(`${m[1]}${m[2]}`);
  const value = /^[eE]/.test(suffix) ? base * 10 ** Number(suffix.slice(1)) : base * MULTIPLIERS[suffix]!;
  return Number.isFinite(value) ? { value, suffix } : undefined;
}
