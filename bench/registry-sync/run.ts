/**
 * Benchmark: ten images of five layers (shared base layers, a few hundred MB
 * in all) copied into an empty delivery registry by Caravan's OCI client,
 * against sequential `skopeo copy --all` of the same images in the same run.
 * Prints the wall-time ratio, bytes moved against the floor (bytes of the
 * distinct missing blobs) and peak RSS of both.
 *
 *   ./dev npx tsx bench/registry-sync/run.ts [--rounds N] [--layer-mib N] [--concurrency N]
 *
 * Not part of `npm test`. The worker runs as plain JavaScript bundled with
 * esbuild (a dependency of tsx) so its RSS is not the TypeScript loader's.
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { blobsOf, makeImage, makeLayer, type ImageManifest } from '../../test/harness/src/images.js';
import { HarnessRegistryClient, pushImage } from '../../test/harness/src/registry-http.js';
import { startRegistry, type Reg } from '../../test/harness/src/registry.js';
import type { WorkerPlan } from './copy-worker.js';

const run = promisify(execFile);
const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const ROUNDS = opt('rounds', 1);
const MIB = 1024 * 1024;
const LAYER_MIB = opt('layer-mib', 8);
const CONCURRENCY = opt('concurrency', 4);
/** `--only caravan` skips skopeo (for profiling our side). */
const ONLY_OURS = args.includes('--only') && args[args.indexOf('--only') + 1] === 'caravan';
const SKOPEO_CACHE = '/var/lib/containers/cache/blob-info-cache-v1.boltdb';
const fmtMiB = (n: number): string => `${(n / MIB).toFixed(1)} MiB`;

/** CPU seconds a process has used so far (utime + stime from /proc; 100 ticks a second). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Runs `fn` and returns what it gave plus the CPU seconds the given registries spent meanwhile. */
async function withRegistryCpu<T>(regs: Reg[], fn: () => Promise<T>): Promise<T & { registryCpu: number; registryCpuEach: number[] }> {
  const before = regs.map((r) => cpuSeconds(r.pid));
  const result = await fn();
  const each = regs.map((r, i) => cpuSeconds(r.pid) - before[i]!);
  return { ...result, registryCpu: each.reduce((a, b) => a + b, 0), registryCpuEach: each };
}

/** Ten images in two families: one layer common to all, one per family, three of its own. Stored (level 0) gzip: the bytes are incompressible anyway, and it builds fast. */
function buildImages(): ImageManifest[] {
  const common = makeLayer('bench/common', { size: 2 * LAYER_MIB * MIB, gzipLevel: 0 });
  const family = [makeLayer('bench/family-0', { size: LAYER_MIB * MIB, gzipLevel: 0 }), makeLayer('bench/family-1', { size: LAYER_MIB * MIB, gzipLevel: 0 })];
  return Array.from({ length: 10 }, (_, i) => makeImage({ seed: `bench/image-${i}`, base: [common, family[i % 2]!], layers: 3, layerSize: LAYER_MIB * MIB, gzipLevel: 0 }));
}

async function bundleWorker(dir: string): Promise<{ command: string; args: string[]; how: string }> {
  try {
    const esbuild = await import('esbuild');
    const outfile = path.join(dir, 'copy-worker.mjs');
    await esbuild.build({ entryPoints: [path.join(here, 'copy-worker.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node22', outfile, logLevel: 'silent' });
    return { command: process.execPath, args: [outfile], how: 'bundled with esbuild, plain node' };
  } catch {
    return { command: process.execPath, args: ['--import', 'tsx', path.join(here, 'copy-worker.ts')], how: 'through the tsx loader (esbuild not found), RSS includes the loader' };
  }
}

interface WorkerResult { cpuSeconds: number; wallMs: number; bytesTransferred: number; blobsCopied: number; blobsMounted: number; blobsSkipped: number; digests: string[]; maxRssKiB: number }

async function runOurs(worker: { command: string; args: string[] }, plan: WorkerPlan): Promise<WorkerResult & { processMs: number }> {
  const started = performance.now();
  // CARAVAN_BENCH_NODE_ARGS (e.g. "--cpu-prof --trace-gc") goes to the worker's node, for profiling.
  const nodeArgs = (process.env.CARAVAN_BENCH_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(worker.command, [...nodeArgs, ...worker.args], { env: { ...process.env, CARAVAN_BENCH_PLAN: JSON.stringify(plan) }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const processMs = performance.now() - started;
  if (code !== 0) throw new Error(`copy worker exited with ${code}: ${out}`);
  // The result is the worker's one JSON line (--trace-gc and the like may print around it).
  const line = out.split('\n').findLast((l) => l.startsWith('{"wallMs"'));
  if (line === undefined) throw new Error(`copy worker printed no result: ${out.slice(-2000)}`);
  if (line !== out.trim().split('\n').at(-1) || process.env.CARAVAN_BENCH_NODE_ARGS) process.stderr.write(out.split('\n').filter((l) => l !== line).join('\n'));
  return { ...(JSON.parse(line) as WorkerResult), processMs };
}

/** Sequential `skopeo copy --all`, each under /usr/bin/time for its max RSS. */
async function runSkopeo(src: Reg, dst: Reg, images: ImageManifest[]): Promise<{ wallMs: number; maxRssKiB: number; cpuSeconds: number }> {
  fs.rmSync(SKOPEO_CACHE, { force: true });
  let maxRssKiB = 0;
  let cpu = 0;
  const started = performance.now();
  for (let i = 0; i < images.length; i++) {
    const { stderr } = await run('/usr/bin/time', [
      '-f', 'maxrss=%M cpu=%U+%S', 'skopeo', 'copy', '--all', '--preserve-digests', '--src-tls-verify=false', '--dest-tls-verify=false',
      '--dest-creds', `${dst.username}:${dst.password}`, `docker://${src.host}/bench/image-${i}:1`, `docker://${dst.host}/skopeo/bench/image-${i}:1.0`,
    ], { maxBuffer: 16 << 20 });
    const m = /maxrss=(\d+) cpu=([\d.]+)\+([\d.]+)/.exec(stderr);
    if (m) { maxRssKiB = Math.max(maxRssKiB, Number(m[1])); cpu += Number(m[2]) + Number(m[3]); }
  }
  return { wallMs: performance.now() - started, maxRssKiB, cpuSeconds: cpu };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-bench-'));
  const regs: Reg[] = [];
  try {
    const t0 = performance.now();
    const images = buildImages();
    const distinct = blobsOf(...images);
    const floor = distinct.reduce((n, b) => n + b.size, 0);
    const referenced = images.reduce((n, im) => n + im.config.size + im.layers.reduce((m, l) => m + l.size, 0), 0);
    console.log(`images: 10 x 5 layers, ${distinct.length} distinct blobs, ${fmtMiB(floor)} distinct (floor), ${fmtMiB(referenced)} referenced; built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const source = await startRegistry({ auth: 'none', name: 'bench-source', workDir: work });
    regs.push(source);
    for (let i = 0; i < images.length; i++) await pushImage(source, `bench/image-${i}`, '1', images[i]!);
    const worker = await bundleWorker(work);
    console.log(`worker: ${worker.how}; concurrency ${CONCURRENCY}; machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    const ratios: number[] = [];
    const summary = { ours: [] as number[], skopeo: [] as number[], rss: [] as number[], skopeoRss: [] as number[], atFloor: 0 };
    for (let round = 1; round <= ROUNDS; round++) {
      const oursDst = await startRegistry({ auth: 'basic', name: 'bench-ours', workDir: work });
      const skopeoDst = await startRegistry({ auth: 'basic', name: 'bench-skopeo', workDir: work });
      regs.push(oursDst, skopeoDst);
      // Alternate who goes first, so page cache and CPU contention do not favour one side.
      const oursFirst = round % 2 === 1;
      const doOurs = (): Promise<WorkerResult & { processMs: number; registryCpu: number; registryCpuEach: number[] }> => withRegistryCpu([source, oursDst], () => runOurs(worker, {
        registry: { url: oursDst.url, prefix: 'caravan', allowInsecureHttp: true, credentials: { username: oursDst.username!, password: oursDst.password! } },
        copies: images.map((_, i) => ({ source: `${source.host}/bench/image-${i}:1`, targetRepository: `caravan/bench/image-${i}`, tag: '1.0' })),
        concurrency: CONCURRENCY,
      }));
      const doSkopeo = (): Promise<{ wallMs: number; maxRssKiB: number; cpuSeconds: number; registryCpu: number; registryCpuEach: number[] }> => withRegistryCpu([source, skopeoDst], () => runSkopeo(source, skopeoDst, images));
      let ours: WorkerResult & { processMs: number; registryCpu: number; registryCpuEach: number[] };
      let skopeo: { wallMs: number; maxRssKiB: number; cpuSeconds: number; registryCpu: number; registryCpuEach: number[] };
      if (ONLY_OURS) { ours = await doOurs(); skopeo = { wallMs: NaN, maxRssKiB: NaN, cpuSeconds: NaN, registryCpu: NaN, registryCpuEach: [NaN, NaN] }; } else if (oursFirst) { ours = await doOurs(); skopeo = await doSkopeo(); } else { skopeo = await doSkopeo(); ours = await doOurs(); }

      const check = new HarnessRegistryClient(oursDst);
      for (let i = 0; i < images.length; i++) {
        const m = await check.getManifest(`caravan/bench/image-${i}`, '1.0');
        if (m.digest !== images[i]!.digest || ours.digests[i] !== images[i]!.digest) throw new Error(`image ${i} arrived as ${m.digest}`);
      }
      const ratio = ours.processMs / skopeo.wallMs;
      ratios.push(ratio);
      summary.ours.push(ours.processMs / 1000);
      summary.skopeo.push(skopeo.wallMs / 1000);
      summary.rss.push(ours.maxRssKiB / 1024);
      summary.skopeoRss.push(skopeo.maxRssKiB / 1024);
      if (ours.bytesTransferred === floor) summary.atFloor++;
      console.log(`round ${round} (${oursFirst ? 'ours first' : 'skopeo first'}; load ${os.loadavg()[0]!.toFixed(1)}):`);
      console.log(`  caravan : ${(ours.processMs / 1000).toFixed(2)} s wall (process incl. start; copies ${(ours.wallMs / 1000).toFixed(2)} s), peak RSS ${(ours.maxRssKiB / 1024).toFixed(0)} MiB, ` +
        `bytes moved ${ours.bytesTransferred} vs floor ${floor} (${ours.bytesTransferred === floor ? 'equal' : `${((ours.bytesTransferred / floor) * 100).toFixed(1)}%`}), ` +
        `blobs copied ${ours.blobsCopied} mounted ${ours.blobsMounted} skipped ${ours.blobsSkipped}; CPU ${ours.cpuSeconds.toFixed(2)} s, registries' CPU ${ours.registryCpu.toFixed(2)} s (source ${ours.registryCpuEach[0]!.toFixed(2)}, target ${ours.registryCpuEach[1]!.toFixed(2)})`);
      console.log(`  skopeo  : ${(skopeo.wallMs / 1000).toFixed(2)} s wall (10 sequential copy --all), peak RSS ${(skopeo.maxRssKiB / 1024).toFixed(0)} MiB; CPU ${skopeo.cpuSeconds.toFixed(2)} s, registries' CPU ${skopeo.registryCpu.toFixed(2)} s (source ${skopeo.registryCpuEach[0]!.toFixed(2)}, target ${skopeo.registryCpuEach[1]!.toFixed(2)})`);
      console.log(`  ratio   : ${ratio.toFixed(2)}x skopeo's time (goal <= 0.5x)`);
      await oursDst.destroy();
      await skopeoDst.destroy();
      regs.splice(regs.indexOf(oursDst), 1);
      regs.splice(regs.indexOf(skopeoDst), 1);
    }
    if (ROUNDS > 1) {
      const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const range = (xs: number[], digits: number): string => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
      console.log(`summary over ${ROUNDS} rounds: ratio median ${median(ratios).toFixed(2)}x (${range(ratios, 2)}); wall median caravan ${median(summary.ours).toFixed(2)} s, skopeo ${median(summary.skopeo).toFixed(2)} s; ` +
        `peak RSS caravan ${range(summary.rss, 0)} MiB (goal < 150 MB = 143 MiB), skopeo ${range(summary.skopeoRss, 0)} MiB; bytes moved = floor in ${summary.atFloor}/${ROUNDS} rounds`);
    }
  } finally {
    for (const r of regs) await r.destroy();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
