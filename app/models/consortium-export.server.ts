// Export everything (PMO, /admin/export; ADR 026): one ZIP of the whole consortium, every
// table as JSON lines plus the attachments, described by manifest.json (docs/export-format.md).
// It is streamed: rows are read a page at a time from one read snapshot (so the file is one
// consistent moment however long the download takes) and files straight from the disk.
import crypto from "node:crypto";
import fs from "node:fs";
import { Readable } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { contentDisposition } from "~/utils/upload.server";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import yazl from "yazl";
import { notFound, ok, type Result } from "~/domain/result";
import { refusalOf, type Viewer } from "~/policy/permissions";
import { audit, type Actor } from "~/utils/audit.server";
import { todayInJapan } from "~/utils/dates";
import { db, openReadSnapshot, readConnection, schema, write } from "~/utils/db.server";
import { filePath } from "./attachment.server";
import {
  APP_VERSION,
  attachmentFile,
  countRowsSql,
  encodeRow,
  EXPORT_FORMAT,
  EXPORT_TABLES,
  EXPORT_VERSION,
  exportTableByName,
  LEFT_OUT,
  pageRowsSql,
  tableFile,
  type ExportTable,
  type Manifest,
} from "./export-format.server";

/** The PMO only, archived consortium or not (an export is a read); 404 to anyone else. */
const exportRefusal = (viewer: Viewer) => refusalOf(viewer, "consortium.export");

const PAGE_ROWS = 1000;

/** The audit action of an export by the installation's operator (operator.server.ts). */
export const OPERATOR_EXPORT = "operator.consortium.export";

/** What the export page tells before the download: how much the file holds, and the last exports. */
export async function exportSummary({ viewer }: { viewer: Viewer }) {
  const refusal = exportRefusal(viewer);
  if (refusal) return refusal;
  const count = (name: string) => (readConnection.prepare(countRowsSql(exportTableByName.get(name)!)).get(viewer.consortiumId) as { n: number }).n;
  const bytes = (readConnection.prepare("SELECT coalesce(sum(size), 0) AS n FROM attachment WHERE consortium_id = ?").get(viewer.consortiumId) as { n: number }).n;
  // The PMO's exports and the installation operator's (at a handover, ADR 029).
  const recent = db
    .select({ at: schema.auditEvent.at, actorName: schema.user.displayName, byOperator: sql<boolean>`${schema.auditEvent.action} = ${OPERATOR_EXPORT}`.mapWith(Boolean) })
    .from(schema.auditEvent)
    .leftJoin(schema.user, eq(schema.user.id, schema.auditEvent.actorId))
    .where(and(eq(schema.auditEvent.consortiumId, viewer.consortiumId), inArray(schema.auditEvent.action, ["consortium.export", OPERATOR_EXPORT])))
    .orderBy(desc(schema.auditEvent.id))
    .limit(5)
    .all();
  return ok({
    counts: {
      users: count("user"),
      issues: count("issue"),
      meetings: count("meeting"),
      decisions: count("decision"),
      comments: count("comment"),
      reports: count("progress_report"),
      attachments: count("attachment"),
    },
    attachmentBytes: bytes,
    recent,
  });
}

/** renkei-<consortium>-YYYYMMDD.zip (spaces and characters no file system takes become "_"). */
export function exportFileName(consortiumName: string, now = Date.now()) {
  const name = consortiumName.replace(/[\s\\/:*?"<>|]+/g, "_");
  return `renkei-${name}-${todayInJapan(now).replaceAll("-", "")}.zip`;
}

type Exported = { fileName: string; stream: Readable; cancel: () => void };

/**
 * The whole consortium as a ZIP stream, audited (one row per export, before the first byte).
 * The caller pipes `stream` to the client and calls `cancel` if the client goes away.
 */
export async function exportConsortium({ viewer, actor, now = Date.now() }: { viewer: Viewer; actor: Actor; now?: number }): Promise<Result<Exported>> {
  const refusal = exportRefusal(viewer);
  if (refusal) return refusal;
  const exported = await streamConsortiumExport({ consortiumId: viewer.consortiumId, actor, now });
  return exported ? ok(exported) : notFound();
}

/**
 * The ZIP of one consortium, for whoever the caller has let in: its PMO (exportConsortium) or the
 * installation's operator at a handover (operator.server.ts, audited as its own action, with who
 * it was). Null when there is no such consortium.
 */
export async function streamConsortiumExport({
  consortiumId,
  actor,
  audited = { action: "consortium.export" },
  now = Date.now(),
}: {
  consortiumId: number;
  actor: Actor;
  audited?: { action: string; after?: Record<string, unknown> };
  now?: number;
}): Promise<Exported | null> {
  const consortium = db.select({ id: schema.consortium.id, name: schema.consortium.name }).from(schema.consortium).where(eq(schema.consortium.id, consortiumId)).get();
  if (!consortium) return null;
  const fileName = exportFileName(consortium.name, now);
  await write((tx) => audit(tx, actor, { action: audited.action, entityType: "consortium", entityId: consortium.id, after: { fileName, ...audited.after } }));

  const snapshot = openReadSnapshot();
  const zip = new yazl.ZipFile();
  const mtime = new Date(now);
  const tables: Manifest["tables"] = [];
  for (const table of EXPORT_TABLES) {
    const stats = { name: table.name, file: tableFile(table.name), rows: 0, bytes: 0, sha256: "" };
    tables.push(stats);
    zip.addReadStreamLazy(stats.file, { mtime }, (done) => done(null, Readable.from(tableLines(snapshot.sqlite, table, consortium.id, stats))));
  }
  // The files of the attachments, and of deleted issues that may still be restored (ADR 028).
  const attachments = snapshot.sqlite
    .prepare(
      `SELECT id, file_name AS fileName, mime, size, sha256 FROM attachment WHERE consortium_id = ?
       UNION ALL
       SELECT json_extract(a.value, '$.id'), json_extract(a.value, '$.fileName'), json_extract(a.value, '$.mime'), json_extract(a.value, '$.size'), json_extract(a.value, '$.sha256')
         FROM deleted_issue, json_each(deleted_issue.payload, '$.attachment') a WHERE deleted_issue.consortium_id = ? AND deleted_issue.payload IS NOT NULL
       ORDER BY 1`,
    )
    .all(consortium.id, consortium.id) as { id: number; fileName: string; mime: string; size: number; sha256: string }[];
  const files: Manifest["files"] = [];
  for (const a of attachments) {
    const stored = filePath(a.sha256);
    // A file lost from the disk is left out (its row travels, as it is here: listed, not downloadable).
    if (!fs.existsSync(stored)) continue;
    const file = attachmentFile(a.id, a.fileName);
    files.push({ attachmentId: a.id, file, bytes: a.size, sha256: a.sha256 });
    // Images, PDF and Office files are compressed already.
    zip.addReadStreamLazy(file, { mtime, compress: a.mime.startsWith("text/") }, (done) => done(null, fs.createReadStream(stored)));
  }
  const sequences = Object.fromEntries(
    (snapshot.sqlite.prepare("SELECT name, seq FROM sqlite_sequence").all() as { name: string; seq: number }[]).filter((r) => exportTableByName.get(r.name)?.hasId).map((r) => [r.name, r.seq]),
  );
  // Last, so it can carry every table's row count and checksum (the tables are read by then).
  zip.addReadStreamLazy("manifest.json", { mtime }, (done) => {
    const manifest: Manifest = {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      appVersion: APP_VERSION,
      exportedAt: new Date(now).toISOString(),
      consortium: { id: consortium.id, name: consortium.name },
      tables,
      files,
      sequences,
      leftOut: Object.entries(LEFT_OUT).map(([table, reason]) => ({ table, reason })),
      leftOutColumns: EXPORT_TABLES.flatMap((t) => t.leftOutColumns.map((column) => ({ table: t.name, column }))),
    };
    done(null, Readable.from([Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`)]));
  });
  zip.end();

  const stream = zip.outputStream as Readable;
  const finish = () => snapshot.close();
  stream.once("end", finish);
  stream.once("close", finish);
  zip.once("error", (error: Error) => {
    finish();
    stream.destroy(error);
  });
  return { fileName, stream, cancel: () => (finish(), stream.destroy()) };
}

/** A table's rows of the consortium as JSON lines, a page at a time, counted and hashed as they go. */
function* tableLines(sqlite: ReturnType<typeof openReadSnapshot>["sqlite"], table: ExportTable, consortiumId: number, stats: Manifest["tables"][number]) {
  const hash = crypto.createHash("sha256");
  const page = sqlite.prepare(pageRowsSql(table));
  for (let after = 0; ; ) {
    const rows = page.all(consortiumId, after, PAGE_ROWS) as ({ __key: number } & Record<string, unknown>)[];
    for (const raw of rows) {
      const line = Buffer.from(`${JSON.stringify(encodeRow(table, raw))}\n`);
      stats.rows++;
      stats.bytes += line.length;
      hash.update(line);
      yield line;
    }
    if (rows.length < PAGE_ROWS) break;
    after = rows[rows.length - 1].__key;
  }
  stats.sha256 = hash.digest("hex");
}

/** The HTTP answer of an export: the ZIP streamed as it is made; a download given up half-way ends the read snapshot at once. */
export function exportDownload(request: Request, { stream, fileName, cancel }: { stream: Readable; fileName: string; cancel: () => void }) {
  request.signal.addEventListener("abort", cancel, { once: true });
  return new Response(createReadableStreamFromReadable(stream), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": contentDisposition(fileName, false), "Cache-Control": "no-store" },
  });
}
