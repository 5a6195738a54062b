/**
 * drizzle-kit config for the PostgreSQL migrations. Run from packages/server:
 *   ../../dev npx drizzle-kit generate --config drizzle/postgres.config.ts
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/core/store/postgres/schema.ts',
  out: './drizzle/postgres',
});
