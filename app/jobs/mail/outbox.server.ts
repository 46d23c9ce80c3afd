// The mail queue (issue 8, ADR "mail queue and digest"): messages are composed in the
// recipient's locale inside the transaction that caused them and put in the email_outbox table; the worker
// (worker.server.ts) sends them outside any request. The dedupe key makes enqueueing
// idempotent; the table survives restarts. The PMO sees the outbox at /admin/outbox.
import fs from "node:fs";
import path from "node:path";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { db, schema, type Executor, type Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { composeInvitationMail, composePasswordResetMail, invitationSender } from "./compose.server";
import { rawMessage } from "./transport.server";

const { emailOutbox } = schema;
export type { OutboxRow } from "./transport.server";

/** Puts a message in the outbox (once per dedupe key). Returns the row id, or null if it was already queued. */
export async function enqueueMail(
  tx: Executor,
  m: { dedupeKey: string; consortiumId?: number | null; userId?: number | null; notificationId?: number | null; to: string; kind: string; subject: string; text: string; html?: string | null; now?: number },
) {
  const now = m.now ?? Date.now();
  const row = tx
    .insert(emailOutbox)
    .values({ dedupeKey: m.dedupeKey, consortiumId: m.consortiumId ?? null, userId: m.userId ?? null, notificationId: m.notificationId ?? null, toAddress: m.to, kind: m.kind, subject: m.subject, text: m.text, html: m.html ?? null, nextAttemptAt: now, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: emailOutbox.id })
    .get();
  return row?.id ?? null;
}

/**
 * Password reset / first password: the link goes out by e-mail through the queue. Issued by
 * an administrator, or asked for by the owner on the sign-in page (`askedByOwner`).
 */
export async function queuePasswordResetMail(
  tx: Tx,
  { userId, token, invited = false, askedByOwner = false, privateToPerson = false }: { userId: number; token: string; invited?: boolean; askedByOwner?: boolean; privateToPerson?: boolean },
) {
  const u = recipient(tx, userId);
  if (!u) return null;
  const { subject, text } = composePasswordResetMail({ locale: u.locale, name: u.name, token, invited, askedByOwner });
  return enqueueMail(tx, {
    dedupeKey: `password:${userId}:${token.slice(0, 16)}`,
    // A link that would open other consortia too stays out of this consortium's outbox (ADR 029).
    consortiumId: privateToPerson ? null : u.consortiumId,
    userId,
    to: u.email,
    kind: "password",
    subject,
    text,
  });
}

/** The person behind a membership, as a mail recipient. */
function recipient(tx: Executor, userId: number) {
  return tx
    .select({ email: schema.account.email, name: schema.user.displayName, locale: schema.account.locale, consortiumId: schema.user.consortiumId })
    .from(schema.user)
    .innerJoin(schema.account, eq(schema.account.id, schema.user.accountId))
    .where(eq(schema.user.id, userId))
    .get();
}

function inviterOf(tx: Executor, inviterId: number) {
  return tx
    .select({ name: schema.user.displayName, organizationName: schema.organization.name })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(eq(schema.user.id, inviterId))
    .get();
}

/**
 * An invitation: the link goes to the address given (the invitee cannot sign in yet).
 * `link` is a path such as `/invite/<token>` (made absolute with APP_URL) or a full URL.
 */
export async function queueInvitationMail(tx: Tx, { consortiumId, to, inviteeName, inviterId, link, dedupeKey }: { consortiumId: number; to: string; inviteeName: string; inviterId: number | null; link: string; dedupeKey: string }) {
  const inviter = inviterId === null ? undefined : inviterOf(tx, inviterId);
  // The invitee has no account (so no chosen language) yet: Japanese, the consortium's language.
  const who = invitationSender("ja", inviter);
  const consortium = tx.select({ name: schema.consortium.name }).from(schema.consortium).where(eq(schema.consortium.id, consortiumId)).get()?.name ?? "";
  const { subject, text } = composeInvitationMail({ locale: "ja", inviteeName, who, consortium, link });
  return enqueueMail(tx, { dedupeKey: `invitation:${dedupeKey}`, consortiumId, to, kind: "invitation", subject, text });
}

// --- the PMO's view of the outbox ----------------------------------------------------------

export async function listOutbox({ consortiumId, limit = 200 }: { consortiumId: number; limit?: number }) {
  return db
    .select({ id: emailOutbox.id, toAddress: emailOutbox.toAddress, subject: emailOutbox.subject, kind: emailOutbox.kind, status: emailOutbox.status, attempts: emailOutbox.attempts, createdAt: emailOutbox.createdAt, sentAt: emailOutbox.sentAt, file: emailOutbox.file, lastError: emailOutbox.lastError })
    .from(emailOutbox)
    .where(eq(emailOutbox.consortiumId, consortiumId))
    .orderBy(desc(emailOutbox.id))
    .limit(limit)
    .all();
}

export async function getOutboxMessage({ consortiumId, id }: { consortiumId: number; id: number }) {
  const row = db.select().from(emailOutbox).where(and(eq(emailOutbox.id, id), eq(emailOutbox.consortiumId, consortiumId))).get();
  if (!row) return null;
  let raw: string | null = null;
  if (row.file) {
    const full = path.resolve(env.dataDir, row.file);
    if (full.startsWith(env.dataDir + path.sep) && fs.existsSync(full)) raw = fs.readFileSync(full, "utf8");
  }
  return { ...row, raw: raw ?? (await rawMessage(row)).toString("utf8") };
}

export const pendingCount = async () => db.select({ n: sql<number>`count(*)` }).from(emailOutbox).where(and(eq(emailOutbox.status, "pending"), isNull(emailOutbox.sentAt))).get()?.n ?? 0;
