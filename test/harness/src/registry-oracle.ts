/**
 * skopeo (Debian) as the test oracle for registries: what a registry serves,
 * as an independent tool sees it, and copies for benchmark comparison.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RegistryEndpoint } from './registry-http.js';

const run = promisify(execFile);

const credsArgs = (flag: string, reg: RegistryEndpoint): string[] =>
  reg.username !== undefined ? [flag, `${reg.username}:${reg.password ?? ''}`] : [];

const hostOf = (reg: RegistryEndpoint): string => new URL(reg.url).host;

/** `skopeo inspect --raw docker://<host>/<ref>`: the manifest bytes exactly as served. */
export async function skopeoInspectRaw(reg: RegistryEndpoint, ref: string): Promise<Buffer> {
  const { stdout } = await run('skopeo', ['inspect', '--raw', '--tls-verify=false', ...credsArgs('--creds', reg), `docker://${hostOf(reg)}/${ref}`], {
    encoding: 'buffer', maxBuffer: 16 << 20,
  });
  return stdout;
}

/** `skopeo copy --all --preserve-digests` between two registries. */
export async function skopeoCopy(src: RegistryEndpoint, srcRef: string, dst: RegistryEndpoint, dstRef: string): Promise<void> {
  await run('skopeo', [
    'copy', '--all', '--preserve-digests', '--src-tls-verify=false', '--dest-tls-verify=false',
    ...credsArgs('--src-creds', src), ...credsArgs('--dest-creds', dst),
    `docker://${hostOf(src)}/${srcRef}`, `docker://${hostOf(dst)}/${dstRef}`,
  ], { maxBuffer: 16 << 20 });
}
