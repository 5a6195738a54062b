/**
 * What the portal's test stands up: the page built with Vite's JS API into a
 * temporary folder and served by `vite preview` with the project's own
 * vite.config.ts, its /v1 proxy pointed at a real Caravan server listening on
 * loopback; the same origin for page and API, as in production.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { build, createLogger, preview } from 'vite';

export const PORTAL = path.resolve(import.meta.dirname, '..');
export const REPO = path.resolve(PORTAL, '../..');

export interface BuiltFile {
  /** Relative to the output folder, e.g. `assets/index-abc123.js`. */
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly text: string;
}

export interface BuiltPortal {
  readonly outDir: string;
  readonly files: BuiltFile[];
  /** What Vite warned about while building (a Node built-in externalized for the browser, say). */
  readonly warnings: string[];
}

export async function buildPortal(): Promise<BuiltPortal> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caravan-portal-'));
  const warnings: string[] = [];
  const logger = createLogger('warn');
  const warn = logger.warn.bind(logger);
  logger.warn = (msg, options) => {
    warnings.push(msg);
    warn(msg, options);
  };
  await build({ root: PORTAL, logLevel: 'warn', customLogger: logger, build: { outDir, emptyOutDir: true } });
  const files = (fs.readdirSync(outDir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((d) => d.isFile())
    .map((d) => {
      const full = path.join(d.parentPath, d.name);
      const content = fs.readFileSync(full);
      return { file: path.relative(outDir, full), bytes: content.byteLength, gzipBytes: zlib.gzipSync(content, { level: 9 }).byteLength, text: content.toString('utf8') };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
  return { outDir, files, warnings };
}

export interface ServedPortal {
  readonly url: string;
  close(): Promise<void>;
}

/** `vite preview` of the built page on a free loopback port, forwarding /v1 to `caravanUrl`. */
export async function servePortal(outDir: string, caravanUrl: string): Promise<ServedPortal> {
  const server = await preview({
    root: PORTAL,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, strictPort: true, proxy: { '/v1': { target: caravanUrl } } },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview is not listening');
  return {
    url,
    // Vite's close destroys open sockets too, event streams included.
    close: () => server.close(),
  };
}
