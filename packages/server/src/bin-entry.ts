#!/usr/bin/env node
/**
 * The `caravan-server` executable (built as `dist/bin.js`): keeps V8's young
 * generation at its starting size, then runs `bin.ts`.
 *
 * V8 grows the young generation (two semi-spaces) up to 64 MiB each while a
 * process allocates fast, as loading the server and serving requests do, and
 * keeps it; measured with bench/api, that alone took a server idling at
 * ~90 MB to ~100 MB, and to ~140 MB under load. Request garbage is short-lived,
 * so a small young generation costs little throughput. The flag must be set
 * before the modules load (hence this file and a dynamic import): set later,
 * the growth has already happened. An operator who sizes the semi-space with
 * node flags (NODE_OPTIONS or the command line) keeps theirs.
 */
import { setFlagsFromString } from 'node:v8';

const nodeFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
if (!nodeFlags.some((f) => /semi[-_]space/.test(f))) setFlagsFromString('--semi-space-growth-factor=1');

await import('./bin.js');
