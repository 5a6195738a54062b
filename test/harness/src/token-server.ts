/**
 * A small bearer-token server for the harness's token-auth registry (the
 * docker-registry `auth.token` flow): it checks Basic credentials and issues an
 * RS256 JWT carrying an `x5c` certificate that the registry verifies against
 * its `rootcertbundle`. Anonymous callers get a token with no access, so the
 * registry answers them with `insufficient_scope`, as Docker Hub does for
 * private repositories.
 */
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';

export interface TokenUser {
  readonly username: string;
  readonly password: string;
  /** Actions this user may be granted on any repository; default pull and push. */
  readonly actions?: readonly string[];
}

export interface TokenServerOptions {
  /** Directory for the signing key and certificate. */
  readonly dir: string;
  /** Must equal the registry's `auth.token.service`. */
  readonly service: string;
  readonly issuer: string;
  readonly users: readonly TokenUser[];
  /** Lifetime of issued tokens in seconds (default 300). */
  readonly expiresIn?: number;
  /** Serve https with this certificate and key (PEM files); plain http by default. */
  readonly tls?: { readonly certPath: string; readonly keyPath: string };
}

export interface TokenRequestRecord {
  readonly account: string | undefined;
  readonly scopes: readonly string[];
  readonly granted: boolean;
}

export interface TokenServer {
  /** `http(s)://127.0.0.1:<port>/token`: the registry's `auth.token.realm`. */
  readonly realm: string;
  /** PEM path of the certificate that signs tokens: the registry's `rootcertbundle`. */
  readonly certPath: string;
  /** Every token request served, oldest first (lets tests check caching). */
  readonly requests: TokenRequestRecord[];
  close(): Promise<void>;
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** Makes (once per dir) a self-signed RSA certificate with openssl; Node cannot issue X.509 certificates itself. */
function ensureSigningCert(dir: string): { key: crypto.KeyObject; certDer: Buffer; certPath: string } {
  const keyPath = path.join(dir, 'token-signer.key');
  const certPath = path.join(dir, 'token-signer.crt');
  if (!fs.existsSync(certPath)) {
    fs.mkdirSync(dir, { recursive: true });
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath,
      '-days', '30', '-subj', '/CN=caravan-test-token-issuer',
    ], { stdio: 'ignore' });
  }
  const key = crypto.createPrivateKey(fs.readFileSync(keyPath));
  const certDer = new crypto.X509Certificate(fs.readFileSync(certPath)).raw;
  return { key, certDer, certPath };
}

interface Access { type: string; name: string; actions: string[] }

/** `repository:team/app:pull,push` -> access entry; the name sits between the first and the last colon. */
function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first <= 0 || last <= first) return undefined;
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) };
}

export async function startTokenServer(opts: TokenServerOptions): Promise<TokenServer> {
  const { key, certDer, certPath } = ensureSigningCert(opts.dir);
  const expiresIn = opts.expiresIn ?? 300;
  const requests: TokenRequestRecord[] = [];

  const sign = (sub: string, access: Access[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer.toString('base64')] };
    const claims = { iss: opts.issuer, sub, aud: opts.service, exp: now + expiresIn, nbf: now - 10, iat: now, jti: crypto.randomUUID(), access };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(crypto.sign('sha256', Buffer.from(input), key))}`;
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/token') { res.writeHead(404).end(); return; }
    const scopes = url.searchParams.getAll('scope').flatMap((s) => s.split(' ')).filter(Boolean);
    let user: TokenUser | undefined;
    const authz = req.headers.authorization;
    if (authz !== undefined) {
      const m = /^Basic\s+(.+)$/i.exec(authz);
      const decoded = m?.[1] !== undefined ? Buffer.from(m[1], 'base64').toString() : '';
      const colon = decoded.indexOf(':');
      const name = decoded.slice(0, colon);
      const pass = decoded.slice(colon + 1);
      user = opts.users.find((u) => u.username === name && u.password === pass);
      if (user === undefined || colon < 0) {
        requests.push({ account: name || undefined, scopes, granted: false });
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="caravan-test-token"' });
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'wrong username or password' }] }));
        return;
      }
    }
    const allowed = user?.actions ?? (user ? ['pull', 'push'] : []);
    const access = scopes.map(parseScope).filter((a): a is Access => a !== undefined && a.type === 'repository')
      .map((a) => ({ ...a, actions: a.actions.filter((x) => allowed.includes(x) || (x === '*' && allowed.includes('*'))) }))
      .filter((a) => a.actions.length > 0);
    requests.push({ account: user?.username, scopes, granted: true });
    const token = sign(user?.username ?? '', access);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: expiresIn, issued_at: new Date().toISOString() }));
  };
  const server = opts.tls !== undefined
    ? https.createServer({ cert: fs.readFileSync(opts.tls.certPath), key: fs.readFileSync(opts.tls.keyPath) }, handler)
    : http.createServer(handler);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('token server has no port');
  return {
    realm: `${opts.tls !== undefined ? 'https' : 'http'}://127.0.0.1:${address.port}/token`,
    certPath,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
