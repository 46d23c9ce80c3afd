// Starting an empty installation from a consortium's export (ADR 026): /setup/import and
// `npm run setup -- --from FILE.zip`. Two passes over the file:
// 1. check, writing nothing to the database: the ZIP (names, sizes while streaming, what it
//    inflates to), the manifest (format, version), every table against the manifest's
//    checksum and row count and every row against the schema, every attachment against its
//    checksum and the upload checks (files that pass are stored by content, as uploads are,
//    before the rows that refer to them commit);
// 2. one unit of work: every row inserted with its ids moved past the installation's own
//    (nothing moves in an empty one), the PMO's password, the setup token ended, the audit row.
// Anything wrong refuses the whole file with a Japanese message; nothing is half-written.
import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { invalidField, notFound, ok, type Refusal, type Result } from "~/domain/result";
import type { MessageKey } from "~/i18n";
import { hasAccess } from "~/policy/access.server";
import { audit } from "~/utils/audit.server";
import { schema, write, type Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { checkbox, text } from "~/utils/forms.server";
import { hashPassword } from "~/utils/password.server";
import { newPasswordFields } from "~/utils/password-policy";
import { MAX_UPLOAD_BYTES } from "~/utils/upload.server";
import { ArchiveError, fileSize, openArchive, type Archive } from "~/utils/zip.server";
import { queuePasswordResetMail } from "~/jobs/mail/outbox.server";
import { createResetToken } from "./account.server";
import { checkFile, writeOnce } from "./attachment.server";
import {
  checkRow,
  EXPORT_FORMAT,
  EXPORT_TABLES,
  EXPORT_VERSION,
  exportTableByName,
  manifestSchema,
  remapRow,
  RowProblem,
  tableFile,
  type ExportTable,
  type Manifest,
  type Offsets,
} from "./export-format.server";
import { isInstalled, isSetupToken } from "./installation.server";

const MiB = 1024 * 1024;

/** What a file may hold; each is checked while reading, never from the headers alone. */
export const IMPORT_LIMITS = {
  entries: 500_000,
  manifestBytes: 32 * MiB,
  /** One table, read line by line (only a line is held in memory). */
  tableBytes: 16 * 1024 * MiB,
  lineBytes: 16 * MiB,
  /** One attachment: what an upload may be. */
  fileBytes: MAX_UPLOAD_BYTES,
  /** Everything inflated together: at most this many times the ZIP's own size, plus `headroom`. */
  inflation: 40,
  headroom: 64 * MiB,
};
export type ImportLimits = typeof IMPORT_LIMITS;

/** What the setup page accepts as an upload; a larger file is imported on the server (`npm run setup -- --from`). */
export const MAX_IMPORT_UPLOAD_BYTES = 2 * 1024 * MiB;

/** Where an uploaded export waits while it is imported (removed afterwards by `discardUpload`). */
export const importUploadDirectory = () => path.join(env.dataDir, "uploads");
export const discardUpload = (file: string | null) => void (file && fs.rmSync(file, { force: true }));

/** The page's fields besides the file: the PMO of the file who signs in, their new password, and whether to mail everyone else. */
export const importFormSchema = z
  .object({
    email: text(254, { required: "settings.required", tooLong: "setup.emailInvalid" }).pipe(z.string().email("setup.emailInvalid")),
    inviteOthers: checkbox,
  })
  .merge(newPasswordFields);

/** A refusal of the file, with what it concerns (an entry, a line) for the message's `{where}`. */
export type ImportRefusal = Refusal & { where?: string };

class Refused extends Error {
  constructor(
    readonly key: MessageKey,
    readonly where?: string,
  ) {
    super(key);
  }
}

const refusalOf = (key: MessageKey, where?: string): ImportRefusal => ({ ...invalidField("archive", key), ...(where === undefined ? {} : { where }) });

const ARCHIVE_KEYS: Record<ArchiveError["problem"], MessageKey> = {
  notZip: "migrate.notZip",
  damaged: "migrate.damaged",
  unsafeEntry: "migrate.unsafeEntry",
  tooMany: "migrate.tooMany",
  tooLarge: "migrate.tooLarge",
};

/** Runs `work`, turning a refusal of the file (ours or the ZIP reader's) into its Result. */
async function refusing<T extends object>(work: () => Promise<Result<T>>): Promise<Result<T> | ImportRefusal> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refused) return refusalOf(error.key, error.where);
    if (error instanceof ArchiveError) return refusalOf(ARCHIVE_KEYS[error.problem], error.where ?? "");
    throw error;
  }
}

/** What the first pass learnt: the manifest, the PMO who signs in, the checked attachments' types. */
type Checked = { manifest: Manifest; pmo: { oldId: number; oldAccountId: number; email: string }; mimes: Map<number, string>; listed: ExportTable[] };

/** Every table the manifest lists, in the order of insertion; the four without which there is no consortium must be there. */
function listedTables(manifest: Manifest) {
  const names = new Set<string>();
  for (const t of manifest.tables) {
    if (!exportTableByName.has(t.name) || names.has(t.name) || t.file !== tableFile(t.name)) throw new Refused("migrate.notExport");
    names.add(t.name);
  }
  for (const required of ["consortium", "organization", "user", "consortium_role"]) if (!names.has(required)) throw new Refused("migrate.truncated", tableFile(required));
  if (manifest.version === 1) names.add("account");
  else if (!names.has("account")) throw new Refused("migrate.truncated", tableFile("account"));
  return EXPORT_TABLES.filter((t) => names.has(t.name));
}

/**
 * Version 1 files (before ADR 029) kept a person's e-mail and language on `user`: each of its
 * lines is read twice, as the person's `account` and as their `user` (membership) row.
 */
function fileTableOf(table: ExportTable, manifest: Manifest) {
  return manifest.version === 1 && table.name === "account" ? "user" : table.name;
}
function upgraded(table: ExportTable, raw: unknown, manifest: Manifest): unknown {
  if (manifest.version !== 1 || (table.name !== "user" && table.name !== "account") || !raw || typeof raw !== "object") return raw;
  const { email, locale, ...user } = raw as Record<string, unknown>;
  if (table.name === "account") return { id: user.id, email, locale: locale ?? "ja", created_at: user.created_at };
  return { ...user, account_id: user.id, consortium_id: manifest.consortium.id };
}

async function readManifest(archive: Archive, budget: Budget): Promise<Manifest> {
  if (!archive.entries.has("manifest.json")) throw new Refused("migrate.noManifest");
  const { content, bytes } = await archive.readBytes("manifest.json", budget.limit(budget.limits.manifestBytes));
  budget.spend(bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(content.toString("utf8"));
  } catch {
    throw new Refused("migrate.notExport");
  }
  const head = raw as { format?: unknown; version?: unknown };
  if (head?.format !== EXPORT_FORMAT) throw new Refused("migrate.notExport");
  // A newer version may have changed anything: refuse before reading further.
  if (typeof head.version === "number" && head.version > EXPORT_VERSION) throw new Refused("migrate.newerVersion", String(head.version));
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new Refused("migrate.notExport");
  return parsed.data;
}

/** What all entries together may inflate to, spent as they are read (and the other limits). */
type Budget = { limits: ImportLimits; limit: (entryLimit: number) => number; spend: (bytes: number) => void };
function budgetFor(file: string, limits: ImportLimits): Budget {
  let left = limits.headroom + limits.inflation * fileSize(file);
  return {
    limits,
    limit: (entryLimit) => Math.max(0, Math.min(entryLimit, left)),
    spend: (bytes) => void (left -= bytes),
  };
}

/** Reads one table's lines, each a checked row; checks the whole against the manifest. */
/** `budget` null: the second pass, over what the first has checked. */
async function readTable(archive: Archive, table: ExportTable, manifest: Manifest, budget: Budget | null, onRow: (row: Record<string, unknown>) => void | Promise<void>) {
  const listed = manifest.tables.find((t) => t.name === fileTableOf(table, manifest))!;
  if (!archive.entries.has(listed.file)) throw new Refused("migrate.truncated", listed.file);
  let rows = 0;
  const limits = budget ? { entry: budget.limit(budget.limits.tableBytes), line: budget.limits.lineBytes } : { entry: Number.MAX_SAFE_INTEGER, line: Number.MAX_SAFE_INTEGER };
  const digest = await archive.readLines(listed.file, limits, async (line, number) => {
    let row: Record<string, unknown>;
    try {
      row = checkRow(table, upgraded(table, JSON.parse(line), manifest));
    } catch (error) {
      throw new Refused("migrate.invalidRow", `${listed.file}:${number}${error instanceof RowProblem ? `:${error.column}` : ""}`);
    }
    rows++;
    await onRow(row);
  });
  budget?.spend(digest.bytes);
  if (digest.sha256 !== listed.sha256 || rows !== listed.rows) throw new Refused("migrate.checksum", listed.file);
}

/**
 * The first pass: checks the whole file and the PMO who will sign in; stores the attachments
 * that pass the upload checks. Writes nothing to the database.
 */
async function checkArchive(archive: Archive, file: string, pmoEmail: string, limits: ImportLimits): Promise<Checked> {
  const budget = budgetFor(file, limits);
  const manifest = await readManifest(archive, budget);
  const listed = listedTables(manifest);
  const known = new Set(["manifest.json", ...manifest.tables.map((t) => t.file), ...manifest.files.map((f) => f.file)]);
  const stray = [...archive.entries.keys()].find((name) => !known.has(name));
  if (stray) throw new Refused("migrate.unexpectedEntry", stray);

  let consortia = 0;
  const vendors = new Set<number>();
  const pmoIds = new Set<number>();
  const emails = new Map<number, string>();
  const users = new Map<number, { accountId: number; organizationId: number; active: boolean }>();
  const attachments = new Map<number, { sha256: string; fileName: string }>();
  for (const table of listed) {
    await readTable(archive, table, manifest, budget, (row) => {
      if (table.name === "consortium") consortia++;
      else if (table.name === "organization" && row.kind === "vendor") vendors.add(row.id as number);
      else if (table.name === "account") emails.set(row.id as number, String(row.email));
      else if (table.name === "user") users.set(row.id as number, { accountId: row.account_id as number, organizationId: row.organization_id as number, active: row.active !== false });
      else if (table.name === "consortium_role" && row.role === "pmo") pmoIds.add(row.user_id as number);
      else if (table.name === "attachment") attachments.set(row.id as number, { sha256: String(row.sha256), fileName: String(row.file_name) });
      else if (table.name === "deleted_issue" && typeof row.payload === "string") {
        // A deleted issue's files travel too, listed by the ids in its saved copy (ADR 028).
        for (const a of deletedAttachments(row.payload)) attachments.set(a.id, { sha256: a.sha256, fileName: a.fileName });
      }
    });
  }
  if (consortia !== 1) throw new Refused("migrate.noConsortium");
  const wanted = pmoEmail.trim().toLowerCase();
  const pmo = [...pmoIds]
    .map((id) => ({ id, ...users.get(id)! }))
    .map((u) => ({ ...u, email: emails.get(u.accountId) ?? "" }))
    .find((u) => u.email.toLowerCase() === wanted && u.active && !vendors.has(u.organizationId));
  if (!pmo) throw new Refused("migrate.pmoNotFound");

  const mimes = new Map<number, string>();
  for (const listedFile of manifest.files) {
    const row = attachments.get(listedFile.attachmentId);
    if (!row || row.sha256 !== listedFile.sha256) throw new Refused("migrate.checksum", listedFile.file);
    if (!archive.entries.has(listedFile.file)) throw new Refused("migrate.truncated", listedFile.file);
    const { content, sha256, bytes } = await archive.readBytes(listedFile.file, budget.limit(limits.fileBytes));
    budget.spend(bytes);
    if (sha256 !== listedFile.sha256) throw new Refused("migrate.checksum", listedFile.file);
    const checked = checkFile(row.fileName, content);
    if (!checked.ok) throw new Refused("migrate.fileRefused", row.fileName);
    writeOnce(checked.file);
    mimes.set(listedFile.attachmentId, checked.file.mime);
  }
  return { manifest, pmo: { oldId: pmo.id, oldAccountId: pmo.accountId, email: pmo.email }, mimes, listed };
}

function deletedAttachments(payload: string): { id: number; sha256: string; fileName: string }[] {
  try {
    const rows = (JSON.parse(payload) as { attachment?: unknown }).attachment;
    return Array.isArray(rows) ? rows.filter((a) => Number.isInteger(a?.id) && typeof a?.sha256 === "string" && typeof a?.fileName === "string") : [];
  } catch {
    return [];
  }
}

/** Each table's ids start past the installation's own (its id counter: nothing moves in an empty installation). */
function offsetsOf(tx: Tx): Offsets {
  const seq = new Map((tx.all(sql`SELECT name, seq FROM sqlite_sequence`) as { name: string; seq: number }[]).map((r) => [r.name, r.seq]));
  return Object.fromEntries(
    EXPORT_TABLES.filter((t) => t.hasId).map((t) => {
      const max = (tx.get(sql.raw(`SELECT coalesce(max(id), 0) AS n FROM "${t.name}"`)) as { n: number }).n;
      return [t.name, Math.max(max, seq.get(t.name) ?? 0)];
    }),
  );
}

const BATCH = 200;

/** The second pass, inside the unit of work: every listed table's rows, ids moved by `offsets`. */
async function insertAll(tx: Tx, archive: Archive, checked: Checked, offsets: Offsets) {
  for (const table of checked.listed) {
    let batch: Record<string, unknown>[] = [];
    const flush = () => {
      if (!batch.length) return;
      try {
        tx.insert(table.table).values(batch as never).run();
      } catch (error) {
        // A reference to a row not in the file, a number or e-mail twice, …
        if (String((error as { code?: string }).code).startsWith("SQLITE_CONSTRAINT")) throw new Refused("migrate.inconsistent", table.name);
        throw error;
      }
      batch = [];
    };
    await readTable(archive, table, checked.manifest, null, (row) => {
      const values = remapRow(table, row, offsets);
      if (table.name === "attachment") values.mime = checked.mimes.get(row.id as number) ?? values.mime;
      if (table.name === "notification") {
        // Scheduled notifications are keyed by the old ids; nothing from before the move is mailed again.
        values.dedupeKey = null;
        if (values.emailState === "digest") values.emailState = "digested";
      }
      batch.push(values);
      if (batch.length >= BATCH) flush();
    });
    flush();
  }
  // An id the old installation gave (to a row deleted since) is never given again here.
  for (const table of EXPORT_TABLES.filter((t) => t.hasId)) {
    const seq = (offsets[table.name] ?? 0) + (checked.manifest.sequences[table.name] ?? 0);
    if (!seq) continue;
    const updated = tx.run(sql`UPDATE sqlite_sequence SET seq = max(seq, ${seq}) WHERE name = ${table.name}`);
    if (!updated.changes) tx.run(sql`INSERT INTO sqlite_sequence (name, seq) VALUES (${table.name}, ${seq})`);
  }
}

export type ImportInput = {
  /** The setup token (the page), or null (the command line, which may import only into an empty installation). */
  token: string | null;
  /** The ZIP file on disk. */
  file: string;
  /** A PMO of the file: signs in with `password`, or gets a set-password link when it is null. */
  email: string;
  password: string | null;
  /** Mail every other account that may come in a set-password link now. */
  inviteOthers: boolean;
  ip?: string;
  limits?: ImportLimits;
};

/**
 * Starts an empty installation from an export: all of it or nothing. Refusals of the file come
 * back as `invalid` on the field `archive` (with `where`), an unknown PMO on `email`, and an
 * installation that already has a consortium (or a wrong token) as not found.
 */
export async function importInstallation(input: ImportInput): Promise<Result<{ userId: number; consortiumId: number; resetToken: string | null; invited: number; manifest: Manifest }> | ImportRefusal> {
  if (input.token === null ? isInstalled() : !isSetupToken(input.token)) return notFound();
  return refusing(async () => {
    const archive = await openArchive(input.file, { maxEntries: (input.limits ?? IMPORT_LIMITS).entries });
    try {
      let checked: Checked;
      try {
        checked = await checkArchive(archive, input.file, input.email, input.limits ?? IMPORT_LIMITS);
      } catch (error) {
        if (error instanceof Refused && error.key === "migrate.pmoNotFound") return invalidField("email", "migrate.pmoNotFound");
        throw error;
      }
      // Slow work before the unit of work (ADR 018).
      const passwordHash = input.password === null ? null : await hashPassword(input.password);
      return await write(async (tx) => {
        if (input.token === null ? isInstalled(tx) : !isSetupToken(input.token, tx)) return notFound();
        const offsets = offsetsOf(tx);
        await insertAll(tx, archive, checked, offsets);
        const consortiumId = checked.manifest.consortium.id + offsets.consortium;
        const userId = checked.pmo.oldId + offsets.user;
        // The PMO who starts the installation from the file signs in and becomes its operator (ADR 029).
        tx.update(schema.account).set({ passwordHash, operator: true }).where(eq(schema.account.id, checked.pmo.oldAccountId + offsets.account)).run();
        tx.delete(schema.setupToken).run();
        const resetToken = passwordHash === null ? await createResetToken(tx, userId, null) : null;
        const invited = input.inviteOthers ? await inviteEveryoneElse(tx, consortiumId, userId) : 0;
        const { manifest } = checked;
        await audit(tx, { viewer: null, userId, consortiumId, ip: input.ip }, {
          action: "installation.import",
          entityType: "consortium",
          entityId: consortiumId,
          after: { exportedAt: manifest.exportedAt, appVersion: manifest.appVersion, version: manifest.version, rows: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])), files: manifest.files.length, invited },
        });
        return ok({ userId, consortiumId, resetToken, invited, manifest });
      });
    } finally {
      archive.close();
    }
  });
}

/** A set-password e-mail (through the outbox) to every other account of the consortium that may come in. */
async function inviteEveryoneElse(tx: Tx, consortiumId: number, pmoId: number) {
  const people = tx
    .select({ id: schema.user.id })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(sql`${schema.organization.consortiumId} = ${consortiumId} AND ${schema.user.id} <> ${pmoId} AND ${hasAccess()}`)
    .all();
  for (const person of people) {
    const token = await createResetToken(tx, person.id, pmoId);
    await queuePasswordResetMail(tx, { userId: person.id, token, invited: true });
  }
  return people.length;
}
