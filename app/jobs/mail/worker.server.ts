// The mail worker: a drainer outside any request sends what the outbox holds. A row is
// claimed with one UPDATE (status 'sending' with a lease), so only one process sends it;
// failures are retried with back-off; a message whose recipient may no longer sign in or
// see its item is cancelled instead. The same timer loop checks for the daily run.
import os from "node:os";
import { and, eq, sql } from "drizzle-orm";
import { loadViewer } from "~/utils/auth.server";
import { db, schema, write } from "~/utils/db.server";
import { accountHasAccess } from "~/policy/access.server";
import { filterVisible } from "~/policy/visibility.server";
import { runDailyJobs } from "../daily.server";
import { mailTransport, transmit, type OutboxRow, type Transport } from "./transport.server";

const { emailOutbox } = schema;

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 2 * 60_000;

/** Back-off after the n-th failed attempt: 1, 2, 4 … minutes, at most 6 hours. */
export function backoffMs(attempts: number) {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

/** Claims the next message due (one UPDATE, so two processes never claim the same row). */
export async function claimNext(now = Date.now()): Promise<OutboxRow | null> {
  return write((tx) => {
    const claimed = tx.get<{ id: number } | undefined>(sql`
      UPDATE email_outbox SET status = 'sending', lease_until = ${now + LEASE_MS}, attempts = attempts + 1
      WHERE id = (
        SELECT id FROM email_outbox
        WHERE (status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND lease_until < ${now})
        ORDER BY next_attempt_at, id LIMIT 1
      )
      RETURNING id`);
    if (!claimed) return null;
    return tx.select().from(emailOutbox).where(eq(emailOutbox.id, claimed.id)).get() ?? null;
  });
}

/**
 * Why a queued message must not go out any more, or null: the recipient may no longer sign in
 * (deactivated, or past their 契約期間 — the sign-in rule), or may no longer see its item.
 */
async function undeliverable(row: OutboxRow, now: number) {
  if (!row.userId) return null;
  const loaded = await loadViewer(row.userId);
  if (!loaded || !await accountHasAccess(db, row.userId, now)) return "recipient may no longer sign in";
  if (!row.notificationId) return null;
  const n = db
    .select({ id: schema.notification.id, entityType: schema.notification.entityType, entityId: schema.notification.entityId, audience: schema.notification.audience })
    .from(schema.notification)
    .where(eq(schema.notification.id, row.notificationId))
    .get();
  return n && (await filterVisible(db, loaded.viewer, [n])).length === 1 ? null : "recipient may no longer see the item";
}

/** Sends one claimed row; records the outcome (sent, retry later, failed, cancelled). */
export async function sendClaimed(row: OutboxRow, transport: Transport, now = () => Date.now()) {
  const finish = (set: Partial<OutboxRow>) => write((tx) => tx.update(emailOutbox).set({ leaseUntil: null, ...set }).where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, "sending"))).run());
  const refused = await undeliverable(row, now());
  if (refused) {
    await finish({ status: "cancelled", lastError: refused });
    return "cancelled" as const;
  }
  try {
    const { messageId, file } = await transmit(row, transport);
    await finish({ status: "sent", sentAt: now(), messageId, file, lastError: null });
    return "sent" as const;
  } catch (error) {
    const failed = row.attempts >= MAX_ATTEMPTS;
    await finish({ status: failed ? "failed" : "pending", nextAttemptAt: now() + backoffMs(row.attempts), lastError: String((error as Error)?.message ?? error).slice(0, 500) });
    return failed ? ("failed" as const) : ("retry" as const);
  }
}

/** Sends what is due, one row at a time; returns how many rows were handled. */
export async function drainOutbox({ transport = mailTransport(), limit = 50, now = () => Date.now() }: { transport?: Transport; limit?: number; now?: () => number } = {}) {
  let handled = 0;
  while (handled < limit) {
    const row = await claimNext(now());
    if (!row) break;
    await sendClaimed(row, transport, now);
    handled++;
  }
  return handled;
}

/** A lease for the drainer: one process at a time holds it (renewed while it runs). */
export async function holdLease(name: string, holder: string, ms: number, now = Date.now()) {
  return write((tx) => {
    tx.insert(schema.jobRun).values({ name }).onConflictDoNothing().run();
    return (
      tx
        .update(schema.jobRun)
        .set({ holder, leaseUntil: now + ms })
        .where(and(eq(schema.jobRun.name, name), sql`(${schema.jobRun.holder} = ${holder} OR ${schema.jobRun.leaseUntil} IS NULL OR ${schema.jobRun.leaseUntil} < ${now})`))
        .run().changes === 1
    );
  });
}

/**
 * Started by each server worker: every few seconds the holder of the "mailer" lease drains
 * the outbox; every minute each worker checks for the daily run (claimed once per date).
 */
export async function startMailWorker({ drainEveryMs = 5_000, dailyEveryMs = 60_000 } = {}) {
  const holder = `${os.hostname()}:${process.pid}`;
  let busy = false;
  const drain = async () => {
    if (busy) return;
    busy = true;
    try {
      if (await holdLease("mailer", holder, Math.max(30_000, drainEveryMs * 6))) await drainOutbox();
    } catch (error) {
      console.error("mail queue failed", error);
    } finally {
      busy = false;
    }
  };
  const daily = async () => {
    try {
      await runDailyJobs();
    } catch (error) {
      console.error("daily notifications failed", error);
    }
  };
  await daily();
  void drain();
  const timers = [setInterval(() => void drain(), drainEveryMs), setInterval(daily, dailyEveryMs)];
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}
