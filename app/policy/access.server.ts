// Who may still come in. The one rule for sign-in, every session, invitations and every
// recipient of an inbox row or mail: the account is active and not past its access date
// (契約期間, which ends at the end of that day in Japan).
import { and, eq, sql, type Placeholder } from "drizzle-orm";
import { todayInJapan } from "~/utils/dates";
import { schema, type Executor } from "~/utils/db.server";

/** The rule as SQL over the user table, so every query that picks people applies it. */
export function hasAccess(today: string | Placeholder = todayInJapan()) {
  return sql<boolean>`(${schema.user.active} = 1 AND (${schema.user.accessUntil} IS NULL OR ${schema.user.accessUntil} >= ${today}))`.mapWith(Boolean);
}

/** Whether one account may still come in at `now`. */
export async function accountHasAccess(ex: Executor, userId: number, now = Date.now()) {
  return !!ex.select({ id: schema.user.id }).from(schema.user).where(and(eq(schema.user.id, userId), hasAccess(todayInJapan(now)))).get();
}
