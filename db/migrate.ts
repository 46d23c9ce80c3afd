// Applies the committed drizzle-kit migrations. Run at every start-up (idempotent) and by
// `npm run db:migrate`.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export function migrateDatabase(sqlite: Database.Database) {
  migrate(drizzle(sqlite), { migrationsFolder });
  // Keep the query planner's statistics current (new indexes, grown tables).
  sqlite.pragma("optimize");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { sqlite } = await import("../app/utils/db.server");
  migrateDatabase(sqlite);
  console.log("migrations applied");
}
