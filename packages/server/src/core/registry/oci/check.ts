/**
 * `check(registry)`: proves push and pull rights on the delivery registry by
 * uploading a tiny blob into `<prefix>/caravan-check` and reading it back, and
 * says why not in words an administrator can act on (unreachable, TLS,
 * credentials refused, no push rights). It never echoes a secret.
 */
import type { DeliveryRegistry, RegistryCheckResult } from '../port.js';
import { repositoryScope } from './auth.js';
import { startUpload } from './blobs.js';
import { deliveryOrigin } from './copy.js';
import type { Engine } from './engine.js';
import { sha256 } from './manifest.js';
import { RegistryRequestError, discard } from './transport.js';

const CHECK_BLOB = Buffer.from('caravan registry check: this blob proves push and pull rights\n');

function reasonOf(err: unknown, host: string, hasCredentials: boolean, action: string): string {
  if (!(err instanceof RegistryRequestError)) return `${action} failed: ${(err as Error)?.message ?? String(err)}`;
  switch (err.kind) {
    case 'network': return `the registry at ${host} cannot be reached (${err.code ?? 'network error'}): ${err.message}`;
    case 'tls': return `TLS with ${host} failed (${err.code ?? 'certificate'}): check the registry certificate or set a CA bundle`;
    case 'config': return err.message;
    case 'auth':
      if (err.status === 403) return `${action} was denied: the credentials lack the rights (403)`;
      return hasCredentials ? `${action} was refused: the registry rejected the credentials or they lack the rights (401)` : `${action} was refused: the registry needs credentials and none are set (401)`;
    default: return `${action} failed: ${err.message}`;
  }
}

export async function checkRegistry(engine: Engine, registry: DeliveryRegistry): Promise<RegistryCheckResult> {
  let origin: string;
  try {
    origin = deliveryOrigin(registry);
  } catch (err) {
    return { ok: false, push: false, pull: false, reason: (err as Error).message };
  }
  const client = engine.client(origin, registry.credentials, registry.caBundle);
  const repository = `${registry.prefix ? `${registry.prefix.replace(/\/+$/, '')}/` : ''}caravan-check`;
  const digest = sha256(CHECK_BLOB);
  const push = [repositoryScope(repository, 'pull,push')];
  const pull = [repositoryScope(repository, 'pull')];

  let pushed = false;
  let pushReason: string | undefined;
  try {
    const location = await startUpload({ client, repository, scopes: push });
    location.searchParams.set('digest', digest);
    const put = await client.request({ method: 'PUT', path: location.toString(), scopes: push, body: CHECK_BLOB, headers: { 'content-type': 'application/octet-stream' }, expect: [201] });
    await discard(put);
    pushed = true;
  } catch (err) {
    pushReason = reasonOf(err, client.host, client.hasCredentials, `pushing to ${repository}`);
    if (err instanceof RegistryRequestError && (err.kind === 'network' || err.kind === 'tls' || err.kind === 'config')) {
      return { ok: false, push: false, pull: false, reason: pushReason };
    }
  }

  let pulled = false;
  let pullReason: string | undefined;
  try {
    // 404 still proves the right to read: an unauthorised HEAD is refused before the blob is looked up.
    const head = await client.request({ method: 'HEAD', path: `${repository}/blobs/${digest}`, scopes: pull, expect: pushed ? [200] : [200, 404] });
    await discard(head);
    pulled = true;
  } catch (err) {
    pullReason = reasonOf(err, client.host, client.hasCredentials, `reading from ${repository}`);
  }
  const reason = [pushReason, pullReason].filter((r) => r !== undefined).join('; ');
  return { ok: pushed && pulled, push: pushed, pull: pulled, ...(reason !== '' ? { reason } : {}) };
}
