/**
 * The SDK's public API as its report shows it (scripts/api-report.mjs over the
 * built declarations, as CI checks it against report.api.md): only public types,
 * none of the transport's internals, no type a consumer could not name, and
 * every doc comment whole.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const script = fileURLToPath(new URL('../../../scripts/api-report.mjs', import.meta.url));

function report(): string {
  if (!fs.existsSync(`${pkg}/dist/index.d.ts`)) throw new Error('packages/sdk/dist is missing: build the SDK first (npm run build)');
  return execFileSync(process.execPath, [script, '--stdout'], { cwd: pkg, encoding: 'utf8' });
}

describe('the API report', () => {
  const text = report();

  it('covers both entries, the client and the fake', () => {
    expect(text).toContain('## @caravan/sdk\n');
    expect(text).toContain('## @caravan/sdk/testing\n');
    expect(text).toMatch(/^interface CaravanClient \{/m);
    expect(text).toMatch(/^declare function createFakeCaravanClient\(/m);
  });

  it('holds no transport internals, and nothing the exports use without exporting it', () => {
    for (const internal of ['Transport', 'TransportOptions', 'RequestSpec', 'ListQuery', 'Method', 'newIdempotencyKey', 'toIfMatch', 'apiPromise', 'waitForOperation', 'KyInstance']) {
      expect(text, internal).not.toMatch(new RegExp(`\\b${internal}\\b`));
    }
    expect(text).not.toContain('Used by the exports above but not exported');
  });

  it('keeps every doc comment whole, not its first line', () => {
    expect(text).toContain(
      [
        '  /**',
        "   * Timeout of each attempt of this call, in ms, instead of the client's `timeoutMs`; past it the",
        '   * attempt counts as failed (and may be retried), the last one throws CaravanTimeoutError. To bound',
        '   * the whole call, retries included, pass `signal: AbortSignal.timeout(ms)`.',
        '   */',
        '  readonly timeoutMs?: number;',
      ].join('\n'),
    );
    expect(text).toContain("   * const { data: template, response } = await client.templates.create({ name: 'shop' }).withResponse();");
  });
});
