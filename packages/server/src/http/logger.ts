/**
 * Logging for the HTTP face and the bin: the core's Logger shape (anything with
 * info/warn/error fits, console or pino), and a JSON-lines logger for the bin.
 * Fields never hold secrets.
 */
import type { Logger } from '../core/index.js';

export type { Logger };
export { silentLogger } from '../core/index.js';

/** One JSON line per entry: greppable, and safe for log shippers. */
export function jsonLogger(stream: NodeJS.WritableStream = process.stderr): Logger {
  const write = (level: string, msg: string, fields?: Record<string, unknown>) => {
    stream.write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
