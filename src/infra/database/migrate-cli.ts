import { existsSync } from 'node:fs';
import { ensureDatabase, migrate } from './migrator';

// Entry point of `npm run db:migrate`. Needs only DATABASE_URL (from the environment or .env).
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  else if (process.env.NODE_ENV !== 'production' && existsSync('.env.example')) process.loadEnvFile('.env.example');
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  if (await ensureDatabase(url)) console.log('Created the database');
  const applied = await migrate(url);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date');
}

main().catch((error: Error) => {
  console.error(`Migration failed: ${error.message}`);
  process.exit(1);
});
