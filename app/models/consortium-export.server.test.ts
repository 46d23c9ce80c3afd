// The export and the import into an empty installation (ADR 026), at the model level: the demo
// consortium (plus attachments) goes out as a ZIP, the installation is emptied, and the file comes
// back in with every table's content as it was, modulo internal ids; files that are not a
// faithful export (tampered, newer, cut off, a `../` entry, a zip bomb, a lying size) are refused
// and leave nothing behind.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { eq } from "drizzle-orm";
import yauzl from "yauzl";
import yazl from "yazl";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoConsortium } from "../../db/seed";
import { env } from "~/utils/env.server";
import { db, readConnection, schema, write } from "~/utils/db.server";
import { verifyPassword } from "~/utils/password.server";
import { attach, checkFile, openAttachment } from "./attachment.server";
import { exportConsortium, exportSummary } from "./consortium-export.server";
import { IMPORT_LIMITS, importInstallation } from "./consortium-import.server";
import { entityTable, EXPORT_TABLES, EXPORT_VERSION, exportTableByName, LEFT_OUT, pageRowsSql, type ExportTable } from "./export-format.server";
import { isInstalled, setupToken } from "./installation.server";
import { deleteIssue, restoreIssue } from "./issue-deletion.server";
import { actor, viewerOf } from "./test-support";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "renkei-export-"));
const exported = path.join(dir, "export.zip");
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("見取り図のつもり")]);
const CSV = Buffer.from("団体,件数\n北川市,12\n", "utf8");

/** Every exported table's rows of the installation, ids replaced by their rank in their table. */
function contentsModuloIds(skip: (table: string, row: Record<string, unknown>) => boolean = () => false) {
  const raw = new Map<string, Record<string, unknown>[]>();
  for (const table of EXPORT_TABLES) {
    const consortiumId = (readConnection.prepare("SELECT id FROM consortium").get() as { id: number }).id;
    raw.set(table.name, (readConnection.prepare(pageRowsSql(table)).all(consortiumId, 0, 1_000_000) as Record<string, unknown>[]).filter((r) => !skip(table.name, r)));
  }
  const rank = new Map<string, Map<number, number>>();
  for (const table of EXPORT_TABLES) if (table.hasId) rank.set(table.name, new Map(raw.get(table.name)!.map((r, i) => [r.id as number, i + 1])));
  const ranked = (target: string | undefined, id: unknown) => (target && typeof id === "number" ? (rank.get(target)?.get(id) ?? "dangling") : id);
  const normal = (table: ExportTable, row: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const { name } of table.columns) {
      const value = row[name];
      if (name === "id" && table.hasId) out[name] = ranked(table.name, value);
      // A deleted issue's rows (TS keys, table by table) and bare ids: the same, inside.
      else if (name === table.rowsJson && typeof value === "string") {
        out[name] = Object.fromEntries(
          Object.entries(JSON.parse(value) as Record<string, unknown[]>).map(([key, list]) => {
            const ids = /^(\w+)Ids$/.exec(key);
            const inner = EXPORT_TABLES.find((t) => t.table === (schema as Record<string, unknown>)[ids ? ids[1] : key])!;
            return [key, ids ? list.map((id) => ranked(inner.name, id)) : list.map((r) => normal(inner, Object.fromEntries(inner.columns.map((c) => [c.name, (r as Record<string, unknown>)[c.key]]))))];
          }),
        );
      }
      else if (table.references[name]) out[name] = ranked(table.references[name], value);
      else if (name === "entity_id" && table.polymorphic) out[name] = ranked(entityTable(String(row.entity_type)), value === null ? null : Number(value));
      else if (name === "url") out[name] = String(value).replace(/^\/(meetings|decisions|reports)\/(\d+)/, (_m, p: string, id: string) => `/${p}/${ranked({ meetings: "meeting", decisions: "decision", reports: "progress_report" }[p], Number(id))}`);
      // Changed on the way in on purpose (see consortium-import.server.ts).
      else if (table.name === "notification" && (name === "dedupe_key" || name === "email_state")) continue;
      else out[name] = value;
    }
    return out;
  };
  return Object.fromEntries(EXPORT_TABLES.map((t) => [t.name, raw.get(t.name)!.map((r) => normal(t, r))]));
}

/** Empties the installation: every table a consortium's rows live in, and the stored files. */
async function emptyInstallation() {
  await write((tx) => {
    for (const name of ["session", "account_token", "email_outbox", "login_attempt", ...EXPORT_TABLES.map((t) => t.name).reverse()]) tx.run(`DELETE FROM "${name}"` as never);
  });
  fs.rmSync(path.join(env.dataDir, "files"), { recursive: true, force: true });
}

/** A copy of a ZIP with some entries changed (null: dropped) and some added. */
async function rezip(source: string, target: string, edit: (name: string, content: Buffer) => Buffer | null, add: [string, Buffer][] = []) {
  const zip = await yauzl.openPromise(source, { lazyEntries: true });
  const out = new yazl.ZipFile();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    const content = edit(entry.fileName, Buffer.concat(chunks));
    if (content) out.addBuffer(content, entry.fileName);
  }
  zip.close();
  for (const [name, content] of add) out.addBuffer(content, name, { compress: false });
  out.end();
  await pipeline(out.outputStream, fs.createWriteStream(target));
  return target;
}

const editManifest = (edit: (m: Record<string, unknown>) => void) => (name: string, content: Buffer) => {
  if (name !== "manifest.json") return content;
  const manifest = JSON.parse(content.toString());
  edit(manifest);
  return Buffer.from(JSON.stringify(manifest));
};

const importing = async (file: string, overrides: Partial<Parameters<typeof importInstallation>[0]> = {}) =>
  importInstallation({ token: (await setupToken())!, file, email: "pmo@demo.renkei.jp", password: "migrated-pmo-2027", inviteOthers: false, ...overrides });

let before: ReturnType<typeof contentsModuloIds>;
let numbers: { issue: number; title: string }[];

beforeAll(async () => {
  await seedDemoConsortium();
  const pmo = await viewerOf("pmo@demo.renkei.jp");
  const lead = await viewerOf("lead@minamihama.demo.renkei.jp");
  // The demo has no files: a drawing on a comment, a table on an issue, the approval document of a stance.
  await write(async (tx) => {
    const issue = tx.select().from(schema.issue).where(eq(schema.issue.number, 1)).get()!;
    const comment = tx.select().from(schema.comment).where(eq(schema.comment.issueId, issue.id)).get()!;
    await attach(tx, lead, { commentId: comment.id }, [(checkFile("見取り図.png", PNG) as { ok: true; file: never }).file]);
    await attach(tx, pmo, { issueId: issue.id }, [(checkFile("件数.csv", CSV) as { ok: true; file: never }).file]);
    const stance = tx.select().from(schema.decisionStance).where(eq(schema.decisionStance.organizationId, lead.organizationId)).get()!;
    const [approval] = await attach(tx, lead, { decisionId: stance.decisionId }, [(checkFile("決裁.csv", CSV) as { ok: true; file: never }).file]);
    tx.update(schema.decisionStance).set({ attachmentId: approval }).where(eq(schema.decisionStance.decisionId, stance.decisionId)).run();
    // And a file on the issue that will be deleted: it must travel with the deleted issue.
    const second = tx.select().from(schema.issue).where(eq(schema.issue.number, 2)).get()!;
    await attach(tx, pmo, { issueId: second.id }, [(checkFile("重複分.csv", CSV) as { ok: true; file: never }).file]);
    // Nor does it edit a comment, watch a meeting by hand or change a notification setting.
    tx.insert(schema.commentRevision).values({ commentId: comment.id, body: "最初の書きぶり", editedBy: comment.authorId, createdAt: comment.createdAt + 60_000 }).run();
    const meeting = tx.select().from(schema.meeting).get()!;
    tx.insert(schema.watcher).values({ userId: lead.userId, entityType: "meeting", entityId: meeting.id, reason: "manual" }).run();
    tx.insert(schema.notificationSetting).values({ userId: lead.userId, kind: "due", mode: "digest" }).run();
  });
  // An issue deleted by mistake waits 30 days to be restored: it travels too, its number still taken.
  expect(await deleteIssue({ viewer: pmo, actor: actor(pmo), number: 2, reason: "重複して登録したため" })).toMatchObject({ ok: true });
  const result = await exportConsortium({ viewer: pmo, actor: actor(pmo) });
  if (!result.ok) throw new Error("export refused");
  expect(result.fileName).toMatch(/^renkei-さくら広域自治体クラウド協議会-\d{8}\.zip$/);
  await pipeline(result.stream, fs.createWriteStream(exported));
  before = contentsModuloIds();
  // The demo's first consortium, the one exported (the second, small one stays behind).
  numbers = db.select({ issue: schema.issue.number, title: schema.issue.title }).from(schema.issue).where(eq(schema.issue.consortiumId, pmo.consortiumId)).orderBy(schema.issue.number).all();
}, 120_000);

describe("the export format", () => {
  it("holds every table of the schema or says why it stays behind, and every id column is a known reference", () => {
    const tables = Object.values(schema).filter((v) => v && typeof v === "object" && Symbol.for("drizzle:IsDrizzleTable") in (v as object));
    const names = tables.map((t) => (t as unknown as Record<symbol, string>)[Symbol.for("drizzle:Name")]);
    expect(names.filter((n) => !exportTableByName.has(n) && !LEFT_OUT[n])).toEqual([]);
    const unknownIds = EXPORT_TABLES.flatMap((t) =>
      t.columns.filter((c) => /_id$|_by$/.test(c.name) && !t.references[c.name] && !(t.polymorphic && c.name === "entity_id")).map((c) => `${t.name}.${c.name}`),
    );
    expect(unknownIds).toEqual([]);
    // Each enforced reference points at a table inserted before it.
    const order = EXPORT_TABLES.map((t) => t.name);
    for (const t of EXPORT_TABLES) for (const column of t.enforced) expect(order.indexOf(t.references[column]), `${t.name}.${column}`).toBeLessThan(order.indexOf(t.name));
  });

  it("is the PMO's: the page says what the file holds, anyone else is told nothing exists", async () => {
    const pmo = await viewerOf("pmo@demo.renkei.jp");
    const summary = await exportSummary({ viewer: pmo });
    expect(summary).toMatchObject({ ok: true, counts: { issues: numbers.length, attachments: 3 } });
    expect((summary as { recent: unknown[] }).recent).toHaveLength(1);
    for (const email of ["lead@minamihama.demo.renkei.jp", "vendor@vendor-a.demo.renkei.jp", "exec@demo.renkei.jp"]) {
      const viewer = await viewerOf(email);
      expect(await exportSummary({ viewer }), email).toMatchObject({ ok: false, kind: "not-found" });
      expect(await exportConsortium({ viewer, actor: actor(viewer) }), email).toMatchObject({ ok: false, kind: "not-found" });
    }
  });
});

describe("a file that is not a faithful export is refused, and nothing is written", () => {
  beforeAll(emptyInstallation);

  const refusedWith = async (file: string, key: string, where?: string | RegExp, overrides = {}) => {
    const result = await importing(file, overrides);
    expect(result).toMatchObject({ ok: false, kind: "invalid", errors: { archive: key } });
    if (where) expect((result as { where?: string }).where).toMatch(where);
    expect(isInstalled()).toBe(false);
    expect(db.select().from(schema.user).all()).toEqual([]);
  };

  it("refuses a tampered table (checksum)", async () => {
    const file = await rezip(exported, path.join(dir, "tampered.zip"), (name, content) => (name === "tables/issue.jsonl" ? Buffer.from(content.toString().replace("外字", "外学")) : content));
    await refusedWith(file, "migrate.checksum", "tables/issue.jsonl");
  });

  it("refuses a tampered attachment", async () => {
    const file = await rezip(exported, path.join(dir, "tampered-file.zip"), (name, content) => (name.endsWith("見取り図.png") ? Buffer.concat([content, Buffer.from("x")]) : content));
    await refusedWith(file, "migrate.checksum", /見取り図\.png/);
  });

  it("refuses a file from a newer version", async () => {
    const file = await rezip(exported, path.join(dir, "newer.zip"), editManifest((m) => void (m.version = EXPORT_VERSION + 1)));
    await refusedWith(file, "migrate.newerVersion", String(EXPORT_VERSION + 1));
  });

  it("refuses a file cut off, something that is not a ZIP, and a ZIP that is not an export", async () => {
    const bytes = fs.readFileSync(exported);
    fs.writeFileSync(path.join(dir, "cut.zip"), bytes.subarray(0, Math.floor(bytes.length / 2)));
    await refusedWith(path.join(dir, "cut.zip"), "migrate.notZip");
    fs.writeFileSync(path.join(dir, "text.zip"), "これはZIPではありません");
    await refusedWith(path.join(dir, "text.zip"), "migrate.notZip");
    await refusedWith(await rezip(exported, path.join(dir, "no-manifest.zip"), (name, c) => (name === "manifest.json" ? null : c)), "migrate.noManifest");
    await refusedWith(await rezip(exported, path.join(dir, "no-table.zip"), (name, c) => (name === "tables/comment.jsonl" ? null : c)), "migrate.truncated", "tables/comment.jsonl");
  });

  it("refuses an entry that would leave its folder (../)", async () => {
    const file = await rezip(exported, path.join(dir, "traversal.zip"), (_n, c) => c, [["xx/xx/xx/evil.txt", Buffer.from("evil")]]);
    const bytes = fs.readFileSync(file);
    const placeholder = Buffer.from("xx/xx/xx/evil.txt");
    for (let at = bytes.indexOf(placeholder); at !== -1; at = bytes.indexOf(placeholder, at + 1)) Buffer.from("../../../evil.txt").copy(bytes, at);
    fs.writeFileSync(file, bytes);
    await refusedWith(file, "migrate.unsafeEntry", "../../../evil.txt");
    expect(fs.existsSync(path.join(env.dataDir, "..", "..", "evil.txt"))).toBe(false);
  });

  it("refuses an entry the manifest does not list", async () => {
    await refusedWith(await rezip(exported, path.join(dir, "stray.zip"), (_n, c) => c, [["tables/extra.jsonl", Buffer.from("{}\n")]]), "migrate.unexpectedEntry", "tables/extra.jsonl");
  });

  it("stops a zip bomb while inflating it, not after", async () => {
    // 200 MB of line breaks compress to a few hundred kB; the budget is 40× the file plus a little.
    const bomb = Buffer.alloc(200 * 1024 * 1024, "\n");
    const file = await rezip(exported, path.join(dir, "bomb.zip"), (name, c) => (name === "tables/comment.jsonl" ? bomb : c));
    const heap = process.memoryUsage().rss;
    await refusedWith(file, "migrate.tooLarge", "tables/comment.jsonl", { limits: { ...IMPORT_LIMITS, headroom: 1024 * 1024 } });
    expect(process.memoryUsage().rss - heap).toBeLessThan(150 * 1024 * 1024);
  });

  it("refuses an entry that inflates past the size its header declares", async () => {
    const bytes = fs.readFileSync(exported);
    const name = Buffer.from("tables/issue.jsonl");
    // The central directory's record of that entry: its uncompressed size (offset 24) made small.
    for (let at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at !== -1; at = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
      if (bytes.subarray(at + 46, at + 46 + name.length).equals(name)) bytes.writeUInt32LE(10, at + 24);
    }
    fs.writeFileSync(path.join(dir, "lying.zip"), bytes);
    await refusedWith(path.join(dir, "lying.zip"), "migrate.damaged", "tables/issue.jsonl");
  });

  /** The export with one table's rows edited and its checksum made to match, as a converter would write it. */
  const withRows = (target: string, table: string, edit: (rows: Record<string, unknown>[]) => void) => {
    let edited: Buffer = Buffer.alloc(0);
    return rezip(exported, path.join(dir, target), (name, content) => {
      if (name === `tables/${table}.jsonl`) {
        const rows = content.toString().trimEnd().split("\n").map((line) => JSON.parse(line));
        edit(rows);
        return (edited = Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join("")));
      }
      // The manifest comes last (the export writes it after the tables).
      return editManifest((m) => {
        const entry = (m.tables as { name: string; sha256: string; bytes: number }[]).find((t) => t.name === table)!;
        entry.sha256 = crypto.createHash("sha256").update(edited).digest("hex");
        entry.bytes = edited.length;
      })(name, content);
    });
  };

  it("refuses a row that does not fit the schema, naming the line", async () => {
    await refusedWith(await withRows("bad-row.zip", "issue", (rows) => void (rows[2].status = "たぶん完了")), "migrate.invalidRow", "tables/issue.jsonl:3:status");
  });

  it("refuses rows that point at nothing, or an issue number twice, and rolls back what it had inserted", async () => {
    await refusedWith(await withRows("dangling.zip", "comment", (rows) => void (rows[0].author_id = 99_999)), "migrate.inconsistent", "comment");
    await refusedWith(await withRows("twice.zip", "issue", (rows) => void (rows[1].number = rows[0].number)), "migrate.inconsistent", "issue");
    expect(db.select().from(schema.organization).all()).toEqual([]);
  });

  /**
   * The export as version 1 wrote it (before ADR 029): no account table, each person's e-mail
   * and language on their user line; `editRows` may change another table as well.
   */
  const asVersion1 = (target: string, editRows?: { table: string; edit: (rows: Record<string, unknown>[]) => void }) => {
    const accounts = new Map<unknown, Record<string, unknown>>();
    const rewritten = new Map<string, Buffer>();
    const linesOf = (content: Buffer) => content.toString().trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    const write = (name: string, rows: Record<string, unknown>[]) => {
      const buffer = Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
      rewritten.set(name, buffer);
      return buffer;
    };
    return rezip(exported, path.join(dir, target), (name, content) => {
      if (name === "tables/account.jsonl") {
        for (const a of linesOf(content)) accounts.set(a.id, a);
        return null;
      }
      if (name === "tables/user.jsonl") {
        return write("user", linesOf(content).map(({ account_id, consortium_id: _c, ...u }) => ({ ...u, email: accounts.get(account_id)!.email, locale: accounts.get(account_id)!.locale })));
      }
      if (editRows && name === `tables/${editRows.table}.jsonl`) {
        const rows = linesOf(content);
        editRows.edit(rows);
        return write(editRows.table, rows);
      }
      return editManifest((m) => {
        m.version = 1;
        const tables = m.tables as { name: string; sha256: string; bytes: number }[];
        m.tables = tables.filter((t) => t.name !== "account");
        for (const t of m.tables as typeof tables) {
          const edited = rewritten.get(t.name);
          if (edited) Object.assign(t, { sha256: crypto.createHash("sha256").update(edited).digest("hex"), bytes: edited.length });
        }
      })(name, content);
    });
  };

  it("reads a version 1 file (e-mails on the user lines) as accounts and memberships", async () => {
    // Who is PMO is found through the e-mails the upgrade moves to accounts…
    expect(await importing(await asVersion1("v1-staff.zip"), { email: "staff@kitagawa.demo.renkei.jp" })).toMatchObject({ ok: false, errors: { email: "migrate.pmoNotFound" } });
    // …and accounts and memberships go in before a later table fails and everything is rolled back.
    const dangling = await asVersion1("v1-dangling.zip", { table: "comment", edit: (rows) => void (rows[0].author_id = 99_999) });
    await refusedWith(dangling, "migrate.inconsistent", "comment");
    expect(db.select().from(schema.account).all()).toEqual([]);
    expect(isInstalled()).toBe(false);
  });

  it("refuses an e-mail that is no PMO of the file, beside the e-mail", async () => {
    const result = await importing(exported, { email: "staff@kitagawa.demo.renkei.jp" });
    expect(result).toMatchObject({ ok: false, kind: "invalid", errors: { email: "migrate.pmoNotFound" } });
    expect(isInstalled()).toBe(false);
  });
});

describe("the round trip", () => {
  it("brings every table back as it was, modulo internal ids, with the files and a PMO who signs in", async () => {
    const result = await importing(exported, { inviteOthers: true });
    if (!result.ok) throw new Error(JSON.stringify(result));
    // Ids moved (the emptied installation's counters kept going), yet everything points where it did.
    const importedIssue = db.select().from(schema.issue).where(eq(schema.issue.number, 1)).get()!;
    expect(importedIssue.id).toBeGreaterThan(numbers.length);
    const after = contentsModuloIds((table, row) => table === "audit_event" && row.action === "installation.import");
    // The demo fills what matters (stances, confirmations, read receipts, history…), so the comparison compares something.
    const empty = EXPORT_TABLES.map((t) => t.name).filter((name) => before[name].length === 0);
    expect(empty).toEqual([]);
    expect(before.notification.some((n) => n.read_at !== null)).toBe(true);
    for (const table of EXPORT_TABLES) expect(after[table.name], table.name).toEqual(before[table.name]);

    // What a user would notice: the same numbers, the stances, the confirmations, the files' bytes.
    expect(db.select({ issue: schema.issue.number, title: schema.issue.title }).from(schema.issue).orderBy(schema.issue.number).all()).toEqual(numbers);
    const pmo = await viewerOf("pmo@demo.renkei.jp");
    expect(pmo.userId).toBe(result.userId);
    const account = db.select().from(schema.account).where(eq(schema.account.id, pmo.accountId)).get()!;
    expect(await verifyPassword(account.passwordHash, "migrated-pmo-2027")).toBe(true);
    // Only the PMO who started the installation has a password, and is its operator.
    expect(db.select().from(schema.account).all().filter((a) => a.passwordHash).map((a) => a.id)).toEqual([pmo.accountId]);
    expect(account.operator).toBe(true);
    const files = db.select().from(schema.attachment).all();
    expect(files.map((f) => f.fileName).sort()).toEqual(["件数.csv", "決裁.csv", "見取り図.png"].sort());
    for (const f of files) {
      const opened = await openAttachment({ viewer: pmo, attachmentId: f.id });
      if (f.decisionId) continue; // approval documents are for those who read stances (the PMO does, via the decision)
      expect(fs.readFileSync(opened!.path)).toEqual(f.fileName.endsWith(".png") ? PNG : CSV);
    }
    const stance = db.select().from(schema.decisionStance).where(eq(schema.decisionStance.attachmentId, files.find((f) => f.decisionId)!.id)).get();
    expect(stance).toBeTruthy();

    // The deleted issue can still be restored, under its number.
    expect(await restoreIssue({ viewer: pmo, actor: actor(pmo), number: 2 })).toMatchObject({ ok: true });
    expect(db.select().from(schema.issue).where(eq(schema.issue.number, 2)).get()?.title).toBeTruthy();
    const restored = db.select({ id: schema.attachment.id }).from(schema.attachment).innerJoin(schema.issue, eq(schema.issue.id, schema.attachment.issueId)).where(eq(schema.issue.number, 2)).get()!;
    const reopened = await openAttachment({ viewer: pmo, attachmentId: restored.id });
    expect(fs.readFileSync(reopened!.path)).toEqual(CSV);

    // The set-up is over; everyone else was sent a set-password link.
    expect(await setupToken()).toBeNull();
    expect(result.invited).toBeGreaterThan(3);
    expect(db.select().from(schema.emailOutbox).all()).toHaveLength(result.invited);
    expect(db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "installation.import")).get()).toMatchObject({ consortiumId: result.consortiumId, actorId: result.userId });
    // And the summary of the next export counts the same.
    const summary = await exportSummary({ viewer: pmo });
    expect(summary).toMatchObject({ ok: true, counts: { attachments: 4 } });
  });

  it("refuses a second import: the installation is no longer empty", async () => {
    expect(await importInstallation({ token: null, file: exported, email: "pmo@demo.renkei.jp", password: null, inviteOthers: false })).toMatchObject({ ok: false, kind: "not-found" });
  });
});
