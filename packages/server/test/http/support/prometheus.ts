/**
 * Test-only reader of Prometheus' text exposition format, as Prometheus
 * itself reads a scrape (no timestamps, which Caravan never sends): samples
 * with their labels, and the one sample with exactly given labels.
 */

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the sample with exactly these labels; undefined when there is none; an error when there are several. */
export function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const same = (s: Sample) => Object.keys(s.labels).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => s.labels[k] === v);
  const found = samples.filter((s) => s.name === name && same(s));
  if (found.length > 1) throw new Error(`${name}${JSON.stringify(labels)} is ${found.length} samples`);
  return found[0]?.value;
}
