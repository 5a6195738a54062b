/**
 * A separate process on a SQLite store file, for the tests that need several
 * processes on one file (run with `node --import tsx`). It prints `ready`,
 * waits for a line on stdin (so the test can start all processes at the same
 * moment), does its work and prints one line of JSON:
 *   insert <file> <prefix> <count>   open (migrating), insert pending operations
 *   claim <file> <owner>             claim until nothing is left; the ids claimed
 */
import { createInterface } from 'node:readline';
import type { Store } from '../../src/core/store/port.js';
import { openStore } from '../../src/core/store/open-store.js';
import { operationRow } from './store-fixtures.js';

const [mode, file, arg, count] = process.argv.slice(2);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

// Claim workers open first (the file exists already); insert workers open after "go", to race the migration.
let store: Store | undefined = mode === 'claim' ? await openStore(`file:${file}`) : undefined;
process.stdout.write('ready\n');
await lines.next();
store ??= await openStore(`file:${file}`);
try {
  if (mode === 'insert') {
    for (let n = 0; n < Number(count); n++) await store.operations.insert(operationRow(`${arg}-${String(n).padStart(4, '0')}`));
    process.stdout.write('[]\n');
  } else if (mode === 'claim') {
    const ids: string[] = [];
    for (;;) {
      const op = await store.operations.claim(arg!, new Date().toISOString(), new Date(Date.now() + 60_000).toISOString(), ['publish']);
      if (op === undefined) break;
      ids.push(op.id);
    }
    process.stdout.write(`${JSON.stringify(ids)}\n`);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
} finally {
  await store.close();
  process.stdin.destroy();
}
