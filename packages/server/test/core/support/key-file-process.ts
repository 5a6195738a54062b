/**
 * A separate process that loads master keys, for the test of several servers
 * starting on one fresh key file (run with `node --import tsx`). It prints
 * `ready`, waits for a line on stdin (so the test starts every process at the
 * same moment), then loads `<dir>/key-<n>` for n below `<count>` and prints one
 * line of JSON: each key (base64) or the error it got.
 */
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadMasterKey } from '../../../src/core/secrets/secret-box.js';

const [dir, count] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
process.stdout.write('ready\n');
await lines.next();
const out: string[] = [];
for (let n = 0; n < Number(count); n++) {
  try {
    out.push(loadMasterKey({ keyFile: path.join(dir!, `key-${n}`) }).key.toString('base64'));
  } catch (e) {
    out.push(`error: ${(e as Error).message}`);
  }
}
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
