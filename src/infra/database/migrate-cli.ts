import { databaseUrlFromEnvironment } from '../config/environment';
import { ensureDatabase, migrate } from './migrator';

// Entry point of `npm run db:migrate`. Needs only DATABASE_URL (from the environment or .env, see config/environment.ts).
async function main(): Promise<void> {
  const url = databaseUrlFromEnvironment();
  if (await ensureDatabase(url)) console.log('Created the database');
  const applied = await migrate(url);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database is up to date');
}

main().catch((error: Error) => {
  console.error(`Migration failed: ${error.message}`);
  process.exit(1);
});
