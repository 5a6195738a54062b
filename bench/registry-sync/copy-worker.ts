/**
 * The measured side of the benchmark: copies every image of a plan with
 * Caravan's OCI client in its own process, so its peak RSS is its own, and
 * prints one JSON line with wall time, bytes moved, blob counts and max RSS.
 */
import { readFileSync } from 'node:fs';
import { createOciRegistrySync } from '../../packages/server/src/core/registry/oci/index.js';
import type { CopyImageResult, DeliveryRegistry } from '../../packages/server/src/core/registry/port.js';

export interface WorkerPlan {
  readonly registry: DeliveryRegistry;
  readonly copies: ReadonlyArray<{ source: string; targetRepository: string; tag: string }>;
  readonly concurrency?: number;
}

/**
 * Peak RSS of this process image. Not `resourceUsage().maxRSS`: Linux carries
 * a parent's RSS into a forked child's maxrss across exec, so a child of the
 * (image-holding) bench would report the bench's size. VmHWM is per address space.
 */
function peakRssKiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch { /* not Linux */ }
  return process.resourceUsage().maxRSS;
}

const plan = JSON.parse(process.env.CARAVAN_BENCH_PLAN ?? '{}') as WorkerPlan;
const sync = createOciRegistrySync({ ...(plan.concurrency !== undefined ? { concurrency: plan.concurrency } : {}) });
// With CARAVAN_BENCH_MEMORY=1, sample where the memory is (heap vs Buffers) while copying; =2 also prints a timeline.
const samples = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const timeline: string[] = [];
const t0 = performance.now();
const sampler = process.env.CARAVAN_BENCH_MEMORY !== undefined ? setInterval(() => {
  const m = process.memoryUsage();
  for (const k of Object.keys(samples) as Array<keyof typeof samples>) samples[k] = Math.max(samples[k], m[k]);
  if (process.env.CARAVAN_BENCH_MEMORY === '2') {
    const f = (n: number): string => (n / 1024 / 1024).toFixed(0).padStart(4);
    timeline.push(`${(performance.now() - t0).toFixed(0).padStart(6)} ms rss${f(m.rss)} heapUsed${f(m.heapUsed)} heapTotal${f(m.heapTotal)} external${f(m.external)} arrayBuffers${f(m.arrayBuffers)}`);
  }
}, 20) : undefined;
const startRssKiB = peakRssKiB();
const started = performance.now();
// Images go in parallel; the engine bounds blob transfers across all of them and moves a shared layer once.
const results: CopyImageResult[] = await Promise.all(plan.copies.map((c) => sync.copyImage({ ...c, registry: plan.registry })));
const wallMs = performance.now() - started;
if (sampler !== undefined) {
  clearInterval(sampler);
  const mib = (n: number): string => (n / 1024 / 1024).toFixed(0);
  if (timeline.length > 0) process.stderr.write(`${timeline.join('\n')}\n`);
  process.stderr.write(`memory peaks (MiB): rss ${mib(samples.rss)}, heapTotal ${mib(samples.heapTotal)}, heapUsed ${mib(samples.heapUsed)}, external ${mib(samples.external)}, arrayBuffers ${mib(samples.arrayBuffers)}; rss before copying ${(startRssKiB / 1024).toFixed(0)}; cpu user ${(process.cpuUsage().user / 1e6).toFixed(2)} s, system ${(process.cpuUsage().system / 1e6).toFixed(2)} s\n`);
}
sync.close();
const sum = (f: (r: CopyImageResult) => number): number => results.reduce((n, r) => n + f(r), 0);
process.stdout.write(`${JSON.stringify({
  wallMs,
  bytesTransferred: sum((r) => r.bytesTransferred),
  blobsCopied: sum((r) => r.blobsCopied),
  blobsMounted: sum((r) => r.blobsMounted),
  blobsSkipped: sum((r) => r.blobsSkipped),
  digests: results.map((r) => r.digest),
  maxRssKiB: peakRssKiB(),
  cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
})}\n`);
