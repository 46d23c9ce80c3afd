// The daily jobs (issue 8): due-date reminders and the 8:00 digest of the notifications that
// wait for it. Checked every minute by the mail worker's timer (worker.server.ts).
import { and, eq, sql } from "drizzle-orm";
import { translate, type MessageKey } from "~/i18n";
import { loadViewer } from "~/utils/auth.server";
import { consortiumPath } from "~/utils/consortium-path";
import { todayInJapan } from "~/utils/dates";
import { schema, write, type Executor, type Tx } from "~/utils/db.server";
import { notifyDueIssues } from "~/models/notification.server";
import { accountHasAccess } from "~/policy/access.server";
import { filterVisible } from "~/policy/visibility.server";
import { composeDigest } from "./mail/compose.server";
import { enqueueMail } from "./mail/outbox.server";

/** Claims `name` for `key` (e.g. a date) exactly once across processes; use inside the job's transaction. */
export async function claimJob(tx: Executor, name: string, key: string) {
  tx.insert(schema.jobRun).values({ name }).onConflictDoNothing().run();
  return tx.update(schema.jobRun).set({ lastKey: key }).where(and(eq(schema.jobRun.name, name), sql`${schema.jobRun.lastKey} < ${key}`)).run().changes === 1;
}

const hourInJapan = (now: number) => new Date(now + 9 * 3600_000).getUTCHours();
export const DIGEST_HOUR = 8;

/**
 * The daily run at 8:00 Japan time (or the first check after it): due-date reminders, then
 * each user's digest. Claimed per date in the same transaction that does the work, so it
 * happens exactly once however many processes check.
 */
export async function runDailyJobs(now = Date.now()) {
  if (hourInJapan(now) < DIGEST_HOUR) return null;
  const today = todayInJapan(now);
  return write(async (tx) => {
    if (!await claimJob(tx, "daily", today)) return null;
    const due = await notifyDueIssues(tx, today, now);
    const digests = await queueDigests(tx, today, now);
    return { due, digests };
  });
}

/** Every user's waiting digest entries (still visible, unread), as one e-mail per user. */
export async function queueDigests(tx: Tx, date: string, now = Date.now()) {
  const n = schema.notification;
  const waiting = tx
    .select({ id: n.id, userId: n.userId, kind: n.kind, title: n.title, url: n.url, reason: n.reason, entityType: n.entityType, entityId: n.entityId, audience: n.audience, readAt: n.readAt, projectName: schema.project.name })
    .from(n)
    .leftJoin(schema.project, eq(schema.project.id, n.projectId))
    .where(eq(n.emailState, "digest"))
    .orderBy(n.userId, n.id)
    .all();
  const byUser = new Map<number, typeof waiting>();
  for (const w of waiting) byUser.set(w.userId, [...(byUser.get(w.userId) ?? []), w]);
  let queued = 0;
  for (const [userId, rows] of byUser) {
    tx.update(n).set({ emailState: "digested" }).where(and(eq(n.userId, userId), eq(n.emailState, "digest"))).run();
    const loaded = await loadViewer(userId);
    if (!loaded || !await accountHasAccess(tx, userId, now)) continue;
    const entries = (await filterVisible(tx, loaded.viewer, rows.filter((r) => r.readAt === null))).map((r) => ({
      kind: r.kind,
      title: r.title,
      url: consortiumPath(loaded.viewer.consortiumId, r.url),
      reason: translate(loaded.user.locale, r.reason as MessageKey),
      projectName: r.projectName,
    }));
    if (!entries.length) continue;
    const mail = composeDigest({ locale: loaded.user.locale, name: loaded.user.displayName, date, entries });
    if (await enqueueMail(tx, { dedupeKey: `digest:${userId}:${date}`, consortiumId: loaded.viewer.consortiumId, userId, to: loaded.user.email, kind: "digest", ...mail, now })) queued++;
  }
  return queued;
}
