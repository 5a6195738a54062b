// Regenerates everything in src/generated/ from openapi/caravan.yaml:
//   schema.ts            TypeScript types (openapi-typescript)
//   zod/zod.gen.ts       zod 4 schemas (@hey-api/openapi-ts, zod plugin)
//   openapi-document.ts  the contract itself, as a JSON module the server serves
// Run it with `npm run generate -w packages/contracts`; CI regenerates and fails on drift.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createClient } from '@hey-api/openapi-ts';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const pkg = new URL('../', import.meta.url);
const contractUrl = new URL('../../openapi/caravan.yaml', pkg);
const contractPath = fileURLToPath(contractUrl);
const outDir = new URL('src/generated/', pkg);
const HEADER = '// Generated from openapi/caravan.yaml by packages/contracts/scripts/generate.mjs. Do not edit.\n';

await mkdir(outDir, { recursive: true });

// 1. Types. Defaults do not make fields required: the same App schema is an input too.
const ast = await openapiTS(contractUrl, { defaultNonNullable: false });
await writeFile(new URL('schema.ts', outDir), HEADER + '/* eslint-disable */\n' + astToString(ast));

// 2. zod schemas. `additionalProperties: false` becomes z.strictObject (the IR turns it
// into `{ type: 'never' }`), so unknown fields in request bodies are rejected, and
// `additionalProperties: true` with named properties becomes z.looseObject (problem documents).
const zodDir = fileURLToPath(new URL('zod/', outDir));
await createClient({
  input: contractPath,
  output: { path: zodDir, postProcess: [] },
  logs: { level: 'silent', file: false },
  plugins: [
    {
      name: 'zod',
      dates: { offset: true },
      '~resolvers': {
        object(ctx) {
          const extra = ctx.schema.additionalProperties;
          const hasProps = ctx.schema.properties && Object.keys(ctx.schema.properties).length > 0;
          if (extra?.type === 'never') return ctx.$(ctx.symbols.z).attr('strictObject').call(ctx.nodes.shape(ctx));
          if (hasProps && extra?.type === 'unknown') return ctx.$(ctx.symbols.z).attr('looseObject').call(ctx.nodes.shape(ctx));
          return undefined;
        },
      },
    },
  ],
});
for (const file of ['zod.gen.ts', 'index.ts']) {
  const url = new URL(`zod/${file}`, outDir);
  let text;
  try {
    text = await readFile(url, 'utf8');
  } catch {
    continue;
  }
  if (!text.startsWith(HEADER)) await writeFile(url, HEADER + text);
}

// 3. The document as a module, so the server serves /openapi.json and tests validate against it.
const document = parse(await readFile(contractUrl, 'utf8'));
await writeFile(
  new URL('openapi-document.ts', outDir),
  HEADER +
    "import type { OpenApiDocument } from '../openapi-document-type.js';\n\n" +
    `/** The contract, openapi/caravan.yaml, as JSON. */\nexport const openapiDocument: OpenApiDocument = ${JSON.stringify(document, null, 2)};\n`,
);
