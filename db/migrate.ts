// Applies the committed drizzle-kit migrations. Run at every start-up (idempotent) and by
// `npm run db:migrate`.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";

/** db/migrations of the app, found from this module whether it runs as source or bundled into build/. */
export const migrationsFolder = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, "db", "migrations");
})();

export function migrateDatabase(sqlite: Database.Database) {
  // A migration that rebuilds a table (SQLite's way to change a column) drops the old one
  // while other tables still point at it: foreign keys are off meanwhile (they cannot be
  // switched inside the migrations' transaction), then every reference is checked.
  sqlite.pragma("foreign_keys = OFF");
  try {
    migrate(drizzle(sqlite), { migrationsFolder });
    const broken = sqlite.pragma("foreign_key_check") as unknown[];
    if (broken.length > 0) throw new Error(`Migrations left ${broken.length} broken references: ${JSON.stringify(broken.slice(0, 5))}`);
  } finally {
    sqlite.pragma("foreign_keys = ON");
  }
  // Keep the query planner's statistics current (new indexes, grown tables).
  sqlite.pragma("optimize");
}

// Run as a script (`tsx db/migrate.ts`); never when bundled into the server.
if (import.meta.url.endsWith("/db/migrate.ts") && process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { migrateWith } = await import("../app/utils/db.server");
  migrateWith(migrateDatabase);
  console.log("migrations applied");
}
