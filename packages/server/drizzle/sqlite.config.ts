/**
 * drizzle-kit config for the SQLite migrations. Run from packages/server:
 *   ../../dev npx drizzle-kit generate --config drizzle/sqlite.config.ts
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/core/store/sqlite/schema.ts',
  out: './drizzle/sqlite',
});
