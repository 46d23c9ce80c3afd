// Sign-in throttling. Failed attempts are rows in SQLite, so the limit holds across the
// cluster's processes and across restarts.
import { and, count, eq, gte, inArray, lt } from "drizzle-orm";
import { db, schema, transaction } from "./db.server";

export const LOGIN_WINDOW_MS = 10 * 60 * 1000;
export const LOGIN_MAX_FAILURES = 10;

export function loginKeys(email: string, ip: string) {
  return [`email:${email.trim().toLowerCase()}`, `ip:${ip}`];
}

/** True when the account or the address has failed too often within the window. */
export function isLoginBlocked(keys: string[], now = Date.now()) {
  const since = now - LOGIN_WINDOW_MS;
  return keys.some((key) => {
    const row = db
      .select({ n: count() })
      .from(schema.loginAttempt)
      .where(and(eq(schema.loginAttempt.key, key), gte(schema.loginAttempt.at, since)))
      .get();
    return (row?.n ?? 0) >= LOGIN_MAX_FAILURES;
  });
}

export function recordLoginFailure(keys: string[], now = Date.now()) {
  transaction((tx) => {
    tx.insert(schema.loginAttempt).values(keys.map((key) => ({ key, at: now }))).run();
    // Keep the table small: forget what is older than the window.
    tx.delete(schema.loginAttempt).where(lt(schema.loginAttempt.at, now - LOGIN_WINDOW_MS)).run();
  });
}

/** A successful sign-in clears the account's counter (not the address's). */
export function clearLoginFailures(keys: string[]) {
  db.delete(schema.loginAttempt).where(inArray(schema.loginAttempt.key, keys.slice(0, 1))).run();
}
