/**
 * A small HTTP(S) proxy in front of a real registry, for tests of what a
 * misbehaving server in the path does to the client: it forwards every
 * request unless `intercept` answers it, and may rewrite response headers.
 * The Host header is passed on as it came, so the registry builds upload
 * locations that point back at the proxy. Listens on 127.0.0.1, on a port
 * the OS picks.
 */
import http from 'node:http';
import https from 'node:https';

export interface ProxyOptions {
  /** Answer a request here instead of forwarding it; return true when answered. */
  readonly intercept?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean;
  /** Rewrites the upstream's response headers before they go back. */
  readonly rewrite?: (req: http.IncomingMessage, status: number, headers: http.IncomingHttpHeaders) => http.IncomingHttpHeaders;
  /** Serve https with this certificate and key (PEM). */
  readonly tls?: { readonly cert: string; readonly key: string };
}

export interface Proxy {
  /** `http(s)://127.0.0.1:<port>` */
  readonly url: string;
  readonly host: string;
  close(): Promise<void>;
}

export async function startProxy(upstreamUrl: string, opts: ProxyOptions = {}): Promise<Proxy> {
  const upstream = new URL(upstreamUrl);
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (opts.intercept?.(req, res) === true) { req.resume(); return; }
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
      const status = up.statusCode ?? 502;
      res.writeHead(status, opts.rewrite?.(req, status, up.headers) ?? up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  };
  const server = opts.tls !== undefined ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `${opts.tls !== undefined ? 'https' : 'http'}://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
