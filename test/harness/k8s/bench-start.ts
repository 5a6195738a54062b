/**
 * Benchmark of the Kubernetes harness (figures for the README, not a test):
 * warm start of the default three clusters until their Nodes are Ready, the
 * memory (sum of RSS) right then and after they settle, idle CPU, and stop time.
 *
 *   ./dev npx tsx test/harness/k8s/bench-start.ts [runs=3] [settleSeconds=60]
 */
import fs from 'node:fs';
import os from 'node:os';
import { startClusters } from '../src/k8s.js';

const runs = Number(process.argv[2] ?? 3);
const settleS = Number(process.argv[3] ?? 60);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const ticks = (pid: number): number => {
  try {
    const rest = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(rest[11]) + Number(rest[12]); // utime + stime, fields 14 and 15
  } catch { return 0; }
};
const TICK_HZ = 100;

console.log(`host: ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
for (let i = 1; i <= runs; i++) {
  const h = await startClusters();
  const ready = h.timings;
  const rssReady = h.rssBytes();
  const pids = h.daemons.map((d) => d.pid);
  const cpu0 = pids.reduce((s, p) => s + ticks(p), 0);
  await new Promise((r) => setTimeout(r, settleS * 1000));
  const cpu1 = pids.reduce((s, p) => s + ticks(p), 0);
  const rssSettled = h.rssBytes();
  const byComponent = new Map<string, number>();
  for (const d of h.daemons) {
    const c = d.name.split('/').pop()!;
    const rss = Number(/^VmRSS:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${d.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    byComponent.set(c, (byComponent.get(c) ?? 0) + rss);
  }
  const t = Date.now();
  await h.stop();
  console.log(
    `run ${i}: apiservers ready ${(ready.apiserversReadyMs / 1000).toFixed(1)} s, nodes Ready ${(ready.totalMs / 1000).toFixed(1)} s; ` +
    `RSS at ready ${mib(rssReady)}, after ${settleS} s ${mib(rssSettled)}; idle CPU ${(((cpu1 - cpu0) / TICK_HZ / settleS) * 100).toFixed(0)}% of one core; ` +
    `stop ${((Date.now() - t) / 1000).toFixed(1)} s; load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  console.log(`  RSS by component (all clusters): ${[...byComponent].map(([c, b]) => `${c} ${mib(b)}`).join(', ')}`);
}
