// `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
import { loadConfig } from '../config.js';
import { connectDatabase } from './client.js';
import { runMigrations } from './migrate.js';

const config = loadConfig();
const database = await connectDatabase(config.database);
try {
  await runMigrations(database);
  console.log(`Migrations applied (${database.kind === 'postgres' ? 'Postgres at DATABASE_URL' : `embedded database in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}`}).`);
} finally {
  await database.close();
}
