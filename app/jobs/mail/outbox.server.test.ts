// The mail queue (issue 8): de-duplication, claiming, retry with back-off, never sending
// twice, .eml files without SMTP, and a real SMTP round trip (smtp-server started here)
// checking what a Japanese mail client receives: headers, encoding and the link.
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadViewer } from "~/utils/auth.server";
import { addDays, todayInJapan } from "~/utils/dates";
import { db, schema, write } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { addComment } from "~/models/comment.server";
import { createIssue, getIssue } from "~/models/issue.server";
import { insertSmallConsortium, issueInput, userId } from "~/models/test-support";
import { issueResetLink } from "~/models/user-admin.server";
import { queueDigests } from "../daily.server";
import { composeNotificationMail } from "./compose.server";
import { enqueueMail, getOutboxMessage, queueInvitationMail } from "./outbox.server";
import { mailTransport, type Transport } from "./transport.server";
import { backoffMs, claimNext, drainOutbox, MAX_ATTEMPTS } from "./worker.server";

const row = (id: number) => db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.id, id)).get()!;
const T0 = Date.parse("2026-11-23T00:00:00Z");
/** The small consortium's id and its working group's (住民記録WG). */
let consortiumId: number, wgId: number;

async function queue(key: string, overrides: Partial<Parameters<typeof enqueueMail>[1]> = {}) {
  const mail = composeNotificationMail({ locale: "ja", name: "高橋 健太", kind: "mentioned", summary: "田中 由美さんがコメントであなたをメンションしました。", title: "#12 住民票の写しの広域交付", url: "/issues/12", reason: "あなたがメンションされました", excerpt: "ご確認ください。" });
  return (await write((tx) => enqueueMail(tx, { dedupeKey: key, consortiumId, to: "staff@kitagawa.demo.renkei.jp", kind: "mentioned", ...mail, now: T0, ...overrides })))!;
}

function recording(failures = 0) {
  const sent: unknown[] = [];
  const transport: Transport = {
    kind: "smtp",
    send: async (m) => {
      if (failures-- > 0) throw new Error("421 try again later");
      sent.push(m);
    },
  };
  return { sent, transport };
}

beforeAll(async () => {
  const small = await insertSmallConsortium();
  [consortiumId, wgId] = [small.consortium.id, small.wg.id];
});

beforeEach(async () => {
  await write((tx) => tx.delete(schema.emailOutbox).run());
  env.smtpUrl = undefined;
});

describe("the outbox", () => {
  it("enqueues a dedupe key once", async () => {
    expect(await queue("k1")).toBeTypeOf("number");
    expect(await write((tx) => enqueueMail(tx, { dedupeKey: "k1", to: "x@example.jp", kind: "x", subject: "s", text: "t" }))).toBeNull();
    expect(db.select().from(schema.emailOutbox).all()).toHaveLength(1);
  });

  it("a claimed row is not claimed again while its lease runs", async () => {
    await queue("k2");
    const first = await claimNext(T0);
    expect(first?.status).toBe("sending");
    expect(await claimNext(T0)).toBeNull();
    // A process that died mid-send: after the lease the row is claimed again.
    expect((await claimNext(T0 + 3 * 60_000))?.id).toBe(first!.id);
  });

  it("retries with back-off and sends exactly once", async () => {
    const id = await queue("k3");
    const { sent, transport } = recording(2);
    let now = T0;
    const clock = () => now;
    expect(await drainOutbox({ transport, now: clock })).toBe(1);
    expect(row(id)).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: T0 + backoffMs(1), lastError: "421 try again later" });
    expect(await drainOutbox({ transport, now: clock })).toBe(0); // not due yet
    now = T0 + backoffMs(1);
    await drainOutbox({ transport, now: clock });
    expect(row(id)).toMatchObject({ status: "pending", attempts: 2, nextAttemptAt: now + backoffMs(2) });
    now += backoffMs(2);
    await drainOutbox({ transport, now: clock });
    expect(row(id)).toMatchObject({ status: "sent", attempts: 3, sentAt: now });
    now += 86_400_000;
    expect(await drainOutbox({ transport, now: clock })).toBe(0);
    expect(sent).toHaveLength(1);
    expect(backoffMs(1)).toBe(60_000);
    expect(backoffMs(30)).toBe(6 * 3600_000);
  });

  it("gives up after the last attempt", async () => {
    const id = await queue("k4");
    await write((tx) => tx.update(schema.emailOutbox).set({ attempts: MAX_ATTEMPTS - 1 }).where(eq(schema.emailOutbox.id, id)).run());
    const { transport } = recording(99);
    await drainOutbox({ transport, now: () => T0 });
    expect(row(id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(await drainOutbox({ transport, now: () => T0 + 86_400_000 })).toBe(0);
  });

  it("cancels a mail whose item the recipient may no longer see", async () => {
    const pmo = (await loadViewer(await userId("pmo@demo.renkei.jp")))!.viewer;
    const vendor = (await loadViewer(await userId("vendor@vendor-a.demo.renkei.jp")))!.viewer;
    const created = await createIssue({ viewer: pmo, actor: { viewer: pmo, ip: "" }, wgId, input: { title: "共有の課題", body: "", type: "課題", status: "未着手", priority: "中", assigneeId: null, ballHolderOrgId: null, dueOn: null, affectedOrgIds: [], labelIds: [], vendorVisible: true } });
    if (!created.ok) throw new Error("issue");
    const issue = (await getIssue({ viewer: pmo, number: created.number }))!;
    await write((tx) => tx.insert(schema.watcher).values({ userId: vendor.userId, entityType: "issue", entityId: issue.id }).run());
    await write((tx) => tx.insert(schema.notificationSetting).values({ userId: vendor.userId, kind: "comment", mode: "immediate" }).run());
    await addComment({ viewer: pmo, actor: { viewer: pmo, ip: "" }, issue, body: "共有のコメント", internal: false, files: [] });
    const [mail] = db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, "vendor@vendor-a.demo.renkei.jp")).all();
    expect(mail).toBeDefined();
    await write((tx) => tx.update(schema.issue).set({ vendorVisible: false }).where(eq(schema.issue.id, issue.id)).run());
    const { sent, transport } = recording();
    await drainOutbox({ transport });
    expect(row(mail.id).status).toBe("cancelled");
    expect(sent).toHaveLength(0);
  });

  it("a guest whose 契約期間 has ended gets no mail: a queued one is cancelled, no digest, nothing new", async () => {
    const pmo = (await loadViewer(await userId("pmo@demo.renkei.jp")))!.viewer;
    const vendor = (await loadViewer(await userId("vendor@vendor-a.demo.renkei.jp")))!.viewer;
    const actor = { viewer: pmo, ip: "" };
    const created = await createIssue({ viewer: pmo, actor, wgId, input: issueInput({ title: "契約期間のテスト", vendorVisible: true }) });
    if (!created.ok) throw new Error("issue");
    const issue = (await getIssue({ viewer: pmo, number: created.number }))!;
    await write((tx) => tx.insert(schema.watcher).values({ userId: vendor.userId, entityType: "issue", entityId: issue.id }).run());
    const mode = (m: "immediate" | "digest") =>
      write((tx) => tx.insert(schema.notificationSetting).values({ userId: vendor.userId, kind: "comment", mode: m }).onConflictDoUpdate({ target: [schema.notificationSetting.userId, schema.notificationSetting.kind], set: { mode: m } }).run());
    const toVendor = () => db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, "vendor@vendor-a.demo.renkei.jp")).all();
    const waiting = () => db.select().from(schema.notification).where(and(eq(schema.notification.userId, vendor.userId), eq(schema.notification.emailState, "digest"))).all();
    const endAccess = (until: string | null) => write((tx) => tx.update(schema.user).set({ accessUntil: until }).where(eq(schema.user.id, vendor.userId)).run());
    try {
      // Queued while the contract ran (immediate), and one waiting for the digest.
      await mode("immediate");
      await addComment({ viewer: pmo, actor, issue, body: "すぐ届くはずだったコメント", internal: false, files: [] });
      const [queued] = toVendor();
      expect(queued).toBeDefined();
      await mode("digest");
      await addComment({ viewer: pmo, actor, issue, body: "まとめで届くはずだったコメント", internal: false, files: [] });
      expect(waiting()).toHaveLength(1);

      await endAccess(addDays(todayInJapan(), -1));
      const { sent, transport } = recording();
      await drainOutbox({ transport });
      expect(row(queued.id)).toMatchObject({ status: "cancelled" });
      await write((tx) => queueDigests(tx, todayInJapan()));
      expect(waiting()).toHaveLength(0);
      expect(toVendor().filter((m) => m.kind === "digest")).toHaveLength(0);
      await mode("immediate");
      await addComment({ viewer: pmo, actor, issue, body: "期限後のコメント", internal: false, files: [] });
      expect(toVendor()).toHaveLength(1);
      await drainOutbox({ transport });
      expect(sent).toHaveLength(0);

      // The last day of the contract still counts (it ends at the end of that day).
      await endAccess(todayInJapan());
      await addComment({ viewer: pmo, actor, issue, body: "最終日のコメント", internal: false, files: [] });
      await drainOutbox({ transport });
      expect(sent).toHaveLength(1);
    } finally {
      await endAccess(null);
    }
  });

  it("without SMTP_URL writes .eml files under the data directory", async () => {
    const id = await queue("k5");
    const transport = mailTransport();
    expect(transport).toEqual({ kind: "file", dir: path.join(env.dataDir, "outbox") });
    await drainOutbox({ transport, now: () => T0 });
    const sent = row(id);
    expect(sent.status).toBe("sent");
    const file = path.join(env.dataDir, sent.file!);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^Subject: =\?UTF-8\?/m);
    // A retry of the same row would overwrite the same file, never add a second one.
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.endsWith(".eml"))).toEqual([`${id}.eml`]);
    const shown = await getOutboxMessage({ consortiumId, id });
    expect(shown?.raw).toContain("Message-ID: <renkei-outbox-");
    expect(await getOutboxMessage({ consortiumId: consortiumId + 1, id })).toBeNull(); // another consortium does not see it
  });

  it("a password reset link is e-mailed through the queue", async () => {
    const pmo = (await loadViewer(await userId("pmo@demo.renkei.jp")))!.viewer;
    const issued = await issueResetLink({ viewer: pmo, actor: { viewer: pmo, ip: "" }, userId: await userId("staff@kitagawa.demo.renkei.jp") });
    const token = issued.ok ? issued.token : "";
    const [mail] = db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.kind, "password")).all();
    expect(mail.toAddress).toBe("staff@kitagawa.demo.renkei.jp");
    expect(mail.text).toContain(`http://localhost:3000/set-password/${token}`);
  });

  it("an invitation goes to the address given, once, with the link and who invited", async () => {
    const lead = await userId("lead@minamihama.demo.renkei.jp");
    const send = () => write((tx) => queueInvitationMail(tx, { consortiumId, to: "new@vendor-c.example.jp", inviteeName: "鈴木 花子", inviterId: lead, link: "/invite/abc123", dedupeKey: "abc123" }));
    expect(await send()).toBeTypeOf("number");
    expect(await send()).toBeNull();
    const [mail] = db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.kind, "invitation")).all();
    expect(mail).toMatchObject({ toAddress: "new@vendor-c.example.jp", subject: "【Renkei】「テスト広域協議会」へのご招待" });
    expect(mail.text).toContain("鈴木 花子 様");
    expect(mail.text).toContain("南浜町の田中 由美さんから");
    expect(mail.text).toContain("http://localhost:3000/invite/abc123");
  });
});

// --- a real SMTP server ---------------------------------------------------------------------

const decodeWords = (value: string) =>
  value.replace(/\s*=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === "B" ? Buffer.from(data, "base64").toString("utf8") : Buffer.from(data.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
  );

function headersOf(raw: string) {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return new Map(head.split(/\r?\n/).map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
}

describe("sending through SMTP", () => {
  let server: SMTPServer;
  const received: { from: string; to: string[]; raw: string }[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          received.push({ from: (session.envelope.mailFrom || { address: "" }).address, to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("delivers a Japanese message that mail clients read: encoded subject, UTF-8 text, the link", async () => {
    const { port } = server.server.address() as AddressInfo;
    const savedAppUrl = env.appUrl;
    env.smtpUrl = `smtp://127.0.0.1:${port}`;
    env.appUrl = "https://renkei.example.lg.jp";
    try {
      const mail = composeNotificationMail({ locale: "ja", name: "高橋 健太", kind: "mentioned", summary: "田中 由美さんがコメントであなたをメンションしました。", title: "#12 住民票の写しの広域交付", url: "/issues/12", reason: "あなたがメンションされました" });
      const id = (await write((tx) => enqueueMail(tx, { dedupeKey: "smtp-1", consortiumId, to: "staff@kitagawa.demo.renkei.jp", kind: "mentioned", ...mail })))!;
      expect(await drainOutbox()).toBe(1);
      expect(row(id).status).toBe("sent");
      expect(received).toHaveLength(1);
      const { raw, to, from } = received[0];
      expect(to).toEqual(["staff@kitagawa.demo.renkei.jp"]);
      expect(from).toBe("no-reply@renkei.example.lg.jp");
      const h = headersOf(raw);
      // Non-ASCII headers are MIME encoded-words (RFC 2047), the body is UTF-8 in base64.
      expect(h.get("subject")).toMatch(/^=\?UTF-8\?[BQ]\?/);
      expect(decodeWords(h.get("subject")!)).toBe("【Renkei】メンション: #12 住民票の写しの広域交付");
      expect(h.get("mime-version")).toBe("1.0");
      expect(h.get("message-id")).toMatch(new RegExp(`^<renkei-outbox-${id}-\\d+@renkei\\.example\\.lg\\.jp>$`));
      expect(h.get("date")).toBeTruthy();
      expect(h.get("content-type")).toMatch(/^multipart\/alternative/);
      const plain = /Content-Type: text\/plain; charset=utf-8\r?\nContent-Transfer-Encoding: base64\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)/.exec(raw);
      expect(plain).not.toBeNull();
      const text = Buffer.from(plain![1].replace(/\s/g, ""), "base64").toString("utf8");
      expect(text).toContain("高橋 健太 様");
      expect(text).toContain("https://renkei.example.lg.jp/issues/12");
      expect(text).toContain("このメールをお送りした理由: あなたがメンションされました");
      expect(raw).toMatch(/Content-Type: text\/html; charset=utf-8/);
    } finally {
      env.smtpUrl = undefined;
      env.appUrl = savedAppUrl;
    }
  });

  it("a refused delivery is retried later", async () => {
    const failing = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], logger: false, onRcptTo: (_a, _s, cb) => cb(Object.assign(new Error("mailbox busy"), { responseCode: 450 })) });
    await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", resolve));
    env.smtpUrl = `smtp://127.0.0.1:${(failing.server.address() as AddressInfo).port}`;
    try {
      const id = await queue("smtp-2", { now: Date.now() });
      await drainOutbox();
      expect(row(id)).toMatchObject({ status: "pending", attempts: 1 });
      expect(row(id).lastError).toContain("mailbox busy");
    } finally {
      env.smtpUrl = undefined;
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });
});
