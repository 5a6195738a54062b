/**
 * What the outside world saw of Caravan during a test file: every response
 * body the SDK received (streams included, recorded as they flow) and every
 * log line the server wrote. The secret-leak checks scan both.
 */
import { Writable } from 'node:stream';
import { jsonLogger, type Logger } from '@caravan/server';

export interface Recorder {
  /** A fetch that records each response body while passing it through untouched. */
  wrap(inner: (request: Request) => Response | Promise<Response>): (request: Request) => Promise<Response>;
  /** A JSON-lines logger whose lines are kept. */
  readonly logger: Logger;
  /** Every response, as `METHOD /path status` and its body text so far. */
  readonly responses: { request: string; status: number; body: string }[];
  readonly logLines: () => string;
}

export function createRecorder(): Recorder {
  const responses: { request: string; status: number; body: string }[] = [];
  let log = '';
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { log += chunk.toString('utf8'); done(); } });
  return {
    responses,
    logger: jsonLogger(sink),
    logLines: () => log,
    wrap(inner) {
      return async (request) => {
        const res = await inner(request);
        const entry = { request: `${request.method} ${new URL(request.url).pathname}`, status: res.status, body: '' };
        responses.push(entry);
        if (res.body === null) return res;
        const decoder = new TextDecoder();
        // A pass-through rather than clone(): a cancelled event stream still cancels the server's side.
        const body = res.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) { entry.body += decoder.decode(chunk, { stream: true }); controller.enqueue(chunk); },
          flush() { entry.body += decoder.decode(); },
        }));
        return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
      };
    },
  };
}

/** The forms a secret could leak in: as written, and inside a Basic Authorization value. */
export function secretForms(secrets: ReadonlyArray<{ username?: string | undefined; password: string }>): string[] {
  return secrets.flatMap(({ username, password }) => [
    password,
    ...(username !== undefined ? [Buffer.from(`${username}:${password}`).toString('base64')] : []),
  ]);
}

/** Where any of `forms` appears in `texts`, as `label: secret #i` (never the secret itself, so a failure does not print it). */
export function leaks(texts: ReadonlyArray<{ label: string; text: string }>, forms: readonly string[]): string[] {
  const found: string[] = [];
  for (const { label, text } of texts) forms.forEach((f, i) => { if (text.includes(f)) found.push(`${label}: secret #${i}`); });
  return found;
}
