// `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR.
import { loadConfig } from '../config.js';
import { connectDatabase, type Database } from './client.js';
import { DataDirLockedError } from './data-dir-lock.js';
import { runMigrations } from './migrate.js';

const config = loadConfig();
let database: Database;
try {
  database = await connectDatabase(config.database);
} catch (err) {
  if (!(err instanceof DataDirLockedError)) throw err;
  // The running service migrates at its start; nothing to do here while it holds the folder.
  console.error(err.message);
  process.exit(1);
}
try {
  await runMigrations(database);
  console.log(`Migrations applied (${database.kind === 'postgres' ? 'Postgres at DATABASE_URL' : `embedded database in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}`}).`);
} finally {
  await database.close();
}
