// E-mail (issue 8, ADR "mail queue and digest"): messages are composed in Japanese inside
// the transaction that caused them and put in the email_outbox table; a drainer outside
// any request sends them — through SMTP when SMTP_URL is set, else as .eml files under the
// data directory (listed for the PMO at /admin/outbox). A row is claimed with one UPDATE
// (status 'sending' with a lease), so only one process sends it; failures are retried
// with back-off; the dedupe key makes enqueueing idempotent; the table survives restarts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { SendMailOptions } from "nodemailer/lib/mailer";
import { translate } from "~/i18n";
import { loadViewer } from "~/utils/auth.server";
import { todayInJapan } from "~/utils/dates";
import { db, schema, sqlite, transaction, type Executor, type Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { filterVisible, mayStillComeInAt, notifyDueIssues } from "./notification.server";

const { emailOutbox } = schema;
export type OutboxRow = typeof emailOutbox.$inferSelect;

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 2 * 60_000;

/** Base URL of links in e-mail (APP_URL, default http://localhost:3000). */
export function appUrl(pathname = "/") {
  return `${env.appUrl}${pathname.startsWith("/") ? pathname : `/${pathname}`}`;
}

/** The host of APP_URL (validated by env.server), for the sender and the Message-ID. */
function mailHost() {
  return new URL(env.appUrl).hostname || "localhost";
}

function fromAddress() {
  return env.mailFrom ?? `"Renkei" <no-reply@${mailHost()}>`;
}

// --- composing -----------------------------------------------------------------------------

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const FOOTER = ["――", "Renkei（自治体連携の進捗管理）", "このメールは送信専用です。返信はできません。"];

export type Mail = { subject: string; text: string; html: string };

/** One notification as an e-mail: what happened, the item with its link, and why the user gets it. */
export function composeNotificationMail(m: { name: string; kind: string; summary: string; title: string; url: string; reason: string; excerpt?: string }): Mail {
  const kindLabel = translate("ja", `notifications.kind.${m.kind}` as "notifications.kind.comment");
  const link = appUrl(m.url);
  const settings = appUrl("/account#notifications");
  const quote = m.excerpt ? m.excerpt.split("\n").map((l) => `> ${l}`) : [];
  const text = [
    `${m.name} 様`,
    "",
    m.summary,
    "",
    `■ ${m.title}`,
    link,
    ...(quote.length ? ["", ...quote] : []),
    "",
    `このメールをお送りした理由: ${m.reason}`,
    `通知の受け取り方は次のページで変更できます: ${settings}`,
    "",
    ...FOOTER,
    "",
  ].join("\n");
  const html = `<!doctype html><html lang="ja"><body style="font-family:sans-serif;line-height:1.7">
<p>${escapeHtml(m.name)} 様</p>
<p>${escapeHtml(m.summary)}</p>
<p><a href="${escapeHtml(link)}">${escapeHtml(m.title)}</a></p>
${m.excerpt ? `<blockquote style="color:#444;border-left:3px solid #ccc;margin:0;padding-left:12px">${escapeHtml(m.excerpt)}</blockquote>` : ""}
<p style="color:#555;font-size:90%">このメールをお送りした理由: ${escapeHtml(m.reason)}<br><a href="${escapeHtml(settings)}">通知の受け取り方を変更する</a></p>
<p style="color:#777;font-size:85%">${FOOTER.slice(1).map(escapeHtml).join("<br>")}</p>
</body></html>`;
  return { subject: `【Renkei】${kindLabel}: ${m.title}`, text, html };
}

export type DigestEntry = { kind: string; title: string; url: string; reason: string; projectName: string | null };

/** Groups digest entries by project (named projects in name order, then 「その他」). */
export function groupByProject(entries: DigestEntry[]) {
  const groups = new Map<string, DigestEntry[]>();
  for (const e of entries) {
    const key = e.projectName ?? "";
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b, "ja")))
    .map(([project, items]) => ({ project: project || "その他", items }));
}

/** The 8:00 digest: everything since the last one, grouped by project. */
export function composeDigest({ name, date, entries }: { name: string; date: string; entries: DigestEntry[] }): Mail {
  const groups = groupByProject(entries);
  const lines = [`${name} 様`, "", `Renkei からのお知らせ ${entries.length} 件をまとめてお送りします。`, ""];
  for (const g of groups) {
    lines.push(`■ ${g.project}（${g.items.length}件）`);
    for (const e of g.items) {
      lines.push(`・［${translate("ja", `notifications.kind.${e.kind}` as "notifications.kind.comment")}］${e.title}`, `  ${appUrl(e.url)}`, `  理由: ${e.reason}`);
    }
    lines.push("");
  }
  lines.push(`まとめメールの受け取り方は次のページで変更できます: ${appUrl("/account#notifications")}`, "", ...FOOTER, "");
  const html = `<!doctype html><html lang="ja"><body style="font-family:sans-serif;line-height:1.7">
<p>${escapeHtml(name)} 様</p><p>Renkei からのお知らせ ${entries.length} 件をまとめてお送りします。</p>
${groups
  .map(
    (g) =>
      `<h2 style="font-size:110%">${escapeHtml(g.project)}（${g.items.length}件）</h2><ul>${g.items
        .map((e) => `<li>［${escapeHtml(translate("ja", `notifications.kind.${e.kind}` as "notifications.kind.comment"))}］<a href="${escapeHtml(appUrl(e.url))}">${escapeHtml(e.title)}</a><br><small>理由: ${escapeHtml(e.reason)}</small></li>`)
        .join("")}</ul>`,
  )
  .join("\n")}
<p style="color:#777;font-size:85%">${FOOTER.slice(1).map(escapeHtml).join("<br>")}</p></body></html>`;
  return { subject: `【Renkei】${date.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, "$2月$3日")}のまとめ（${entries.length}件）`, text: lines.join("\n"), html };
}

// --- the queue -----------------------------------------------------------------------------

/** Puts a message in the outbox (once per dedupe key). Returns the row id, or null if it was already queued. */
export function enqueueMail(
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
export function queuePasswordResetMail(tx: Tx, { userId, token, invited = false, askedByOwner = false }: { userId: number; token: string; invited?: boolean; askedByOwner?: boolean }) {
  const u = tx
    .select({ email: schema.user.email, name: schema.user.displayName, consortiumId: schema.organization.consortiumId })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(eq(schema.user.id, userId))
    .get();
  if (!u) return null;
  const link = appUrl(`/set-password/${token}`);
  const text = [
    `${u.name} 様`,
    "",
    invited ? "Renkei の利用者として登録されました。次のリンクからパスワードを設定してください。" : "Renkei のパスワード再設定のご案内です。次のリンクから新しいパスワードを設定してください。",
    "",
    link,
    "",
    askedByOwner
      ? "このリンクは一度だけ使えます。心当たりのない場合は、このメールを破棄してください（パスワードは変わりません）。第三者がログインを試みているおそれがあるため、所属団体の管理者にもご連絡ください。"
      : "このリンクは一度だけ使えます。心当たりのない場合は、このメールを破棄し、所属団体の管理者にご連絡ください。",
    "",
    `このメールをお送りした理由: ${invited ? "管理者があなたの利用者登録を行いました。" : askedByOwner ? "Renkei のログイン画面から、このメールアドレス宛てにパスワード再設定のリンクの送信が依頼されました。" : "管理者がパスワード再設定のリンクを発行しました。"}`,
    "",
    ...FOOTER,
    "",
  ].join("\n");
  return enqueueMail(tx, {
    dedupeKey: `password:${userId}:${token.slice(0, 16)}`,
    consortiumId: u.consortiumId,
    userId,
    to: u.email,
    kind: "password",
    subject: invited ? "【Renkei】利用者登録とパスワード設定のご案内" : "【Renkei】パスワード再設定のご案内",
    text,
  });
}

/**
 * An invitation: the link goes to the address given (the invitee cannot sign in yet).
 * `link` is a path such as `/invite/<token>` (made absolute with APP_URL) or a full URL.
 */
export function queueInvitationMail(tx: Tx, { consortiumId, to, inviteeName, inviterId, link, dedupeKey }: { consortiumId: number; to: string; inviteeName: string; inviterId: number; link: string; dedupeKey: string }) {
  const inviter = tx
    .select({ name: schema.user.displayName, organizationName: schema.organization.name })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(eq(schema.user.id, inviterId))
    .get();
  const who = inviter ? `${inviter.organizationName}の${inviter.name}さん` : "Renkei の管理者";
  const url = /^https?:\/\//.test(link) ? link : appUrl(link);
  const text = [
    `${inviteeName} 様`,
    "",
    `${who}から、Renkei（自治体連携の進捗管理）への招待が届いています。`,
    "次のリンクからパスワードを設定し、利用を開始してください。このリンクは一度だけ使えます。",
    "",
    url,
    "",
    `このメールをお送りした理由: ${who}がこのアドレスを招待しました。心当たりのない場合は破棄してください。`,
    "",
    ...FOOTER,
    "",
  ].join("\n");
  return enqueueMail(tx, { dedupeKey: `invitation:${dedupeKey}`, consortiumId, to, kind: "invitation", subject: "【Renkei】招待のお知らせ", text });
}

/** Back-off after the n-th failed attempt: 1, 2, 4 … minutes, at most 6 hours. */
export function backoffMs(attempts: number) {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3600_000);
}

const claimStatement = sqlite.prepare<{ now: number; lease: number }, OutboxRow & Record<string, unknown>>(`
  UPDATE email_outbox SET status = 'sending', lease_until = @lease, attempts = attempts + 1
  WHERE id = (
    SELECT id FROM email_outbox
    WHERE (status = 'pending' AND next_attempt_at <= @now) OR (status = 'sending' AND lease_until < @now)
    ORDER BY next_attempt_at, id LIMIT 1
  )
  RETURNING id`);

/** Claims the next message due (one UPDATE, so two processes never claim the same row). */
export function claimNext(now = Date.now()): OutboxRow | null {
  const claimed = claimStatement.get({ now, lease: now + LEASE_MS }) as { id: number } | undefined;
  if (!claimed) return null;
  return db.select().from(emailOutbox).where(eq(emailOutbox.id, claimed.id)).get() ?? null;
}

export type Transport = { kind: "smtp"; send: (message: SendMailOptions) => Promise<unknown> } | { kind: "file"; dir: string };

let cachedSmtp: { url: string; transport: Transport } | null = null;

/** SMTP when SMTP_URL is set; otherwise .eml files under the data directory. */
export function mailTransport(): Transport {
  const url = env.smtpUrl;
  if (!url) return { kind: "file", dir: path.join(env.dataDir, "outbox") };
  if (cachedSmtp?.url !== url) {
    const mailer = nodemailer.createTransport(url);
    cachedSmtp = { url, transport: { kind: "smtp", send: (m) => mailer.sendMail(m) } };
  }
  return cachedSmtp.transport;
}

function messageOf(row: OutboxRow): SendMailOptions {
  const host = mailHost();
  return {
    from: fromAddress(),
    to: row.toAddress,
    subject: row.subject,
    text: row.text,
    ...(row.html ? { html: row.html } : {}),
    // The same Message-ID on every attempt, so a receiver can drop a duplicate delivery.
    messageId: `<renkei-outbox-${row.id}-${row.createdAt}@${host}>`,
    date: new Date(row.createdAt),
    headers: { "X-Renkei-Kind": row.kind, "Auto-Submitted": "auto-generated" },
    textEncoding: "base64",
  };
}

/** Builds the raw message (RFC 5322) of an outbox row, as the .eml file holds it. */
export async function rawMessage(row: OutboxRow) {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const info = await builder.sendMail(messageOf(row));
  return info.message as Buffer;
}

/**
 * Why a queued message must not go out any more, or null: the recipient may no longer sign in
 * (deactivated, or past their 契約期間 — the sign-in rule), or may no longer see its item.
 */
function undeliverable(row: OutboxRow, now: number) {
  if (!row.userId) return null;
  const loaded = loadViewer(row.userId);
  if (!loaded || !mayStillComeInAt(db, row.userId, now)) return "recipient may no longer sign in";
  if (!row.notificationId) return null;
  const n = db
    .select({ id: schema.notification.id, entityType: schema.notification.entityType, entityId: schema.notification.entityId, audience: schema.notification.audience })
    .from(schema.notification)
    .where(eq(schema.notification.id, row.notificationId))
    .get();
  return n && filterVisible(db, loaded.viewer, [n]).length === 1 ? null : "recipient may no longer see the item";
}

/** Sends one claimed row; records the outcome (sent, retry later, failed, cancelled). */
export async function sendClaimed(row: OutboxRow, transport: Transport, now = () => Date.now()) {
  const finish = (set: Partial<OutboxRow>) => db.update(emailOutbox).set({ leaseUntil: null, ...set }).where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, "sending"))).run();
  const refused = undeliverable(row, now());
  if (refused) {
    finish({ status: "cancelled", lastError: refused });
    return "cancelled" as const;
  }
  try {
    const message = messageOf(row);
    let file: string | null = null;
    if (transport.kind === "smtp") {
      await transport.send(message);
    } else {
      const month = new Date(row.createdAt).toISOString().slice(0, 7);
      const dir = path.join(transport.dir, month);
      fs.mkdirSync(dir, { recursive: true });
      const target = path.join(dir, `${row.id}.eml`);
      // Written under a temporary name and renamed: a retry overwrites, never duplicates.
      const tmp = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, await rawMessage(row));
      fs.renameSync(tmp, target);
      file = path.relative(env.dataDir, target);
    }
    finish({ status: "sent", sentAt: now(), messageId: String(message.messageId), file, lastError: null });
    return "sent" as const;
  } catch (error) {
    const failed = row.attempts >= MAX_ATTEMPTS;
    finish({ status: failed ? "failed" : "pending", nextAttemptAt: now() + backoffMs(row.attempts), lastError: String((error as Error)?.message ?? error).slice(0, 500) });
    return failed ? ("failed" as const) : ("retry" as const);
  }
}

/** Sends what is due, one row at a time; returns how many rows were handled. */
export async function drainOutbox({ transport = mailTransport(), limit = 50, now = () => Date.now() }: { transport?: Transport; limit?: number; now?: () => number } = {}) {
  let handled = 0;
  while (handled < limit) {
    const row = claimNext(now());
    if (!row) break;
    await sendClaimed(row, transport, now);
    handled++;
  }
  return handled;
}

// --- scheduled jobs ------------------------------------------------------------------------

/** Claims `name` for `key` (e.g. a date) exactly once across processes; use inside the job's transaction. */
export function claimJob(tx: Executor, name: string, key: string) {
  tx.insert(schema.jobRun).values({ name }).onConflictDoNothing().run();
  return tx.update(schema.jobRun).set({ lastKey: key }).where(and(eq(schema.jobRun.name, name), sql`${schema.jobRun.lastKey} < ${key}`)).run().changes === 1;
}

/** A lease for the drainer: one process at a time holds it (renewed while it runs). */
export function holdLease(name: string, holder: string, ms: number, now = Date.now()) {
  db.insert(schema.jobRun).values({ name }).onConflictDoNothing().run();
  return (
    db
      .update(schema.jobRun)
      .set({ holder, leaseUntil: now + ms })
      .where(and(eq(schema.jobRun.name, name), sql`(${schema.jobRun.holder} = ${holder} OR ${schema.jobRun.leaseUntil} IS NULL OR ${schema.jobRun.leaseUntil} < ${now})`))
      .run().changes === 1
  );
}

const hourInJapan = (now: number) => new Date(now + 9 * 3600_000).getUTCHours();
export const DIGEST_HOUR = 8;

/**
 * The daily run at 8:00 Japan time (or the first check after it): due-date reminders, then
 * each user's digest. Claimed per date in the same transaction that does the work, so it
 * happens exactly once however many processes check.
 */
export function runDailyJobs(now = Date.now()) {
  if (hourInJapan(now) < DIGEST_HOUR) return null;
  const today = todayInJapan(now);
  return transaction((tx) => {
    if (!claimJob(tx, "daily", today)) return null;
    const due = notifyDueIssues(tx, today, now);
    const digests = queueDigests(tx, today, now);
    return { due, digests };
  });
}

/** Every user's waiting digest entries (still visible, unread), as one e-mail per user. */
export function queueDigests(tx: Tx, date: string, now = Date.now()) {
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
    const loaded = loadViewer(userId);
    if (!loaded || !mayStillComeInAt(tx, userId, now)) continue;
    const entries = filterVisible(tx, loaded.viewer, rows.filter((r) => r.readAt === null)).map((r) => ({
      kind: r.kind,
      title: r.title,
      url: r.url,
      reason: translate("ja", r.reason as "notifications.reason.watching"),
      projectName: r.projectName,
    }));
    if (!entries.length) continue;
    const mail = composeDigest({ name: loaded.user.displayName, date, entries });
    if (enqueueMail(tx, { dedupeKey: `digest:${userId}:${date}`, consortiumId: loaded.viewer.consortiumId, userId, to: loaded.user.email, kind: "digest", ...mail, now })) queued++;
  }
  return queued;
}

/**
 * Started by each server worker: every few seconds the holder of the "mailer" lease drains
 * the outbox; every minute each worker checks for the daily run (claimed once per date).
 */
export function startMailWorker({ drainEveryMs = 5_000, dailyEveryMs = 60_000 } = {}) {
  const holder = `${os.hostname()}:${process.pid}`;
  let busy = false;
  const drain = async () => {
    if (busy) return;
    busy = true;
    try {
      if (holdLease("mailer", holder, Math.max(30_000, drainEveryMs * 6))) await drainOutbox();
    } catch (error) {
      console.error("mail queue failed", error);
    } finally {
      busy = false;
    }
  };
  const daily = () => {
    try {
      runDailyJobs();
    } catch (error) {
      console.error("daily notifications failed", error);
    }
  };
  daily();
  void drain();
  const timers = [setInterval(() => void drain(), drainEveryMs), setInterval(daily, dailyEveryMs)];
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}

// --- the PMO's view of the outbox ----------------------------------------------------------

export function listOutbox({ consortiumId, limit = 200 }: { consortiumId: number; limit?: number }) {
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

export const pendingCount = () => db.select({ n: sql<number>`count(*)` }).from(emailOutbox).where(and(eq(emailOutbox.status, "pending"), isNull(emailOutbox.sentAt))).get()?.n ?? 0;
