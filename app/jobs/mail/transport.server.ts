// How an outbox row leaves the building: through SMTP when SMTP_URL is set, else as an .eml
// file under the data directory (listed for the PMO at /admin/outbox). Knows nothing of
// queues or retries (the worker's business).
import fs from "node:fs";
import path from "node:path";
import nodemailer from "nodemailer";
import type { SendMailOptions } from "nodemailer/lib/mailer";
import { schema } from "~/utils/db.server";
import { env } from "~/utils/env.server";

export type OutboxRow = typeof schema.emailOutbox.$inferSelect;

/** The host of APP_URL (validated by env.server), for the sender and the Message-ID. */
function mailHost() {
  return new URL(env.appUrl).hostname || "localhost";
}

function fromAddress() {
  return env.mailFrom ?? `"Renkei" <no-reply@${mailHost()}>`;
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
 * Sends one row through the transport; throws when it could not. Returns the Message-ID and,
 * for the file transport, the .eml path relative to the data directory.
 */
export async function transmit(row: OutboxRow, transport: Transport): Promise<{ messageId: string; file: string | null }> {
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
  return { messageId: String(message.messageId), file };
}
