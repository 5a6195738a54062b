/** skopeo's view of what Caravan wrote: digests and platforms of manifests as a registry serves them. */
import { sha256 } from '../../harness/src/images.js';
import { skopeoInspectRaw } from '../../harness/src/registry-oracle.js';
import type { Reg } from '../../harness/src/registry.js';

/** sha256 of the manifest bytes `skopeo inspect --raw` prints for `ref` (`repo:tag` or `repo@digest`). */
export async function rawDigest(reg: Reg, ref: string): Promise<string> {
  return sha256(await skopeoInspectRaw(reg, ref));
}

/** The entries of an index as skopeo reads it: child digest and platform. */
export async function indexEntries(reg: Reg, ref: string): Promise<Array<{ digest: string; platform: string }>> {
  const index = JSON.parse((await skopeoInspectRaw(reg, ref)).toString('utf8')) as { manifests?: Array<{ digest: string; platform?: { os: string; architecture: string } }> };
  return (index.manifests ?? []).map((m) => ({ digest: m.digest, platform: `${m.platform?.os}/${m.platform?.architecture}` }));
}
