/**
 * Daemonised processes of the Kubernetes harness: started detached (own
 * process group, output to a log file) so they outlive the CLI that started
 * them, and remembered by pid plus kernel start time, so a later `down` stops
 * exactly those processes and never a stranger that reused a pid.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface DaemonRecord {
  /** e.g. `etcd`, `intranet/kube-apiserver` */
  readonly name: string;
  readonly pid: number;
  /** Field 22 of /proc/<pid>/stat (clock ticks since boot): identifies this process instance. */
  readonly startTime: string;
  readonly logFile: string;
}

export interface DaemonSpec {
  readonly name: string;
  readonly bin: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** The kernel's start time of `pid`, or undefined when no such process exists (or it is a zombie). */
export function procStartTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm (field 2) may contain spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (rest[0] === 'Z') return undefined;
    return rest[19]; // field 22 overall; rest starts at field 3
  } catch {
    return undefined;
  }
}

export function isRunning(d: Pick<DaemonRecord, 'pid' | 'startTime'>): boolean {
  return procStartTime(d.pid) === d.startTime;
}

export function startDaemon(spec: DaemonSpec): DaemonRecord {
  const out = fs.openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.bin, spec.args, {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', out, out],
    });
    if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.bin})`);
    // A spawn failure (e.g. ENOENT) arrives as an event; the pid check above
    // already covers it, this only keeps it from becoming an unhandled error.
    child.on('error', () => {});
    child.unref();
    const startTime = procStartTime(child.pid);
    if (startTime === undefined) throw new Error(`${spec.name} exited at once; see ${spec.logFile}`);
    return { name: spec.name, pid: child.pid, startTime, logFile: spec.logFile };
  } finally {
    fs.closeSync(out);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops the given processes: SIGTERM to each that is still the recorded
 * instance, then SIGKILL to any still alive after `graceMs`. Resolves when all
 * are gone.
 */
export async function stopDaemons(daemons: readonly DaemonRecord[], graceMs = 10_000): Promise<void> {
  const alive = daemons.filter(isRunning);
  for (const d of alive) {
    try { process.kill(d.pid, 'SIGTERM'); } catch { /* exited meanwhile */ }
  }
  const deadline = Date.now() + graceMs;
  let left = alive.filter(isRunning);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = left.filter(isRunning);
  }
  for (const d of left) {
    try { process.kill(d.pid, 'SIGKILL'); } catch { /* exited meanwhile */ }
  }
  while (left.length > 0) {
    await sleep(50);
    left = left.filter(isRunning);
  }
}

/** Resident memory of a process in bytes (VmRSS), 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
