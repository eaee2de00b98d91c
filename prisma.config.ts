import { defineConfig } from 'prisma/config';

// The Prisma CLI is used here only for `prisma generate` (see scripts/prisma-generate.js).
// Migrations are applied by src/infra/database/migrator.ts, which keeps Prisma's
// folder layout and `_prisma_migrations` bookkeeping so `prisma migrate deploy`
// still works wherever the native schema engine is available.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/childcare' },
});
