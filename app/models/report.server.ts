// Progress reports (進捗報告): the PMO freezes a project's figures into a draft, writes the
// narrative, lights and highlights, and publishes it to leadership. Published reports never
// change: a correction is a new version pointing at the old one (corrects_id). Reading a
// published report is audited, and the PMO sees who has read it.
import { and, asc, desc, eq, gt, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { conflict, forbidden, invalidField, notFound } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { parseForm, text } from "~/utils/forms.server";
import { can, type Viewer } from "~/policy/permissions";
import { notifyReportPublished } from "./notification.server";
import { LIGHTS, projectFigures, suggestLights, type Lights, type ProjectFigures } from "./project-figures.server";
import { visibleDecisions, visibleReports } from "~/policy/visibility.server";

const { progressReport: report, RANKS } = schema;

export type Highlights = { decided: string[]; risks: string[]; asks: string[] };

export async function listReports({ viewer, projectId }: { viewer: Viewer; projectId?: number }) {
  const newer = db
    .select({ correctsId: report.correctsId, id: sql<number>`max(${report.id})`.as("newer_id") })
    .from(report)
    .where(and(visibleReports(viewer), sql`${report.correctsId} IS NOT NULL`))
    .groupBy(report.correctsId)
    .as("newer");
  return db
    .select({
      id: report.id,
      title: report.title,
      period: report.period,
      status: report.status,
      audienceRank: report.audienceRank,
      projectId: report.projectId,
      projectName: schema.project.name,
      publishedAt: report.publishedAt,
      correctsId: report.correctsId,
      correctedById: newer.id,
    })
    .from(report)
    .innerJoin(schema.project, eq(schema.project.id, report.projectId))
    .leftJoin(newer, eq(newer.correctsId, report.id))
    .where(and(visibleReports(viewer), projectId ? eq(report.projectId, projectId) : undefined))
    .orderBy(desc(report.period), desc(report.id))
    .all();
}

/** The report as the viewer may see it (drafts: PMO only), with its neighbours in the version chain. */
export async function getReport({ viewer, reportId }: { viewer: Viewer; reportId: number }) {
  const publisher = schema.user;
  const row = db
    .select({ report, projectName: schema.project.name, publishedByName: publisher.displayName, consortiumName: schema.consortium.name })
    .from(report)
    .innerJoin(schema.project, eq(schema.project.id, report.projectId))
    .innerJoin(schema.consortium, eq(schema.consortium.id, report.consortiumId))
    .leftJoin(publisher, eq(publisher.id, report.publishedBy))
    .where(and(visibleReports(viewer), eq(report.id, reportId)))
    .get();
  if (!row) return null;
  const r = row.report;
  const corrects = r.correctsId
    ? db.select({ id: report.id, title: report.title }).from(report).where(and(visibleReports(viewer), eq(report.id, r.correctsId))).get() ?? null
    : null;
  const correctedBy =
    db
      .select({ id: report.id, title: report.title, status: report.status })
      .from(report)
      .where(and(visibleReports(viewer), eq(report.correctsId, r.id)))
      .orderBy(desc(report.id))
      .get() ?? null;
  const previous = await previousReport({ viewer, projectId: r.projectId, period: r.period });
  return {
    id: r.id,
    projectId: r.projectId,
    projectName: row.projectName,
    consortiumName: row.consortiumName,
    period: r.period,
    title: r.title,
    narrative: r.narrative,
    audienceRank: r.audienceRank,
    status: r.status,
    snapshot: r.snapshot as Partial<ProjectFigures>,
    lights: r.lights as Partial<Lights>,
    highlights: r.highlights as Partial<Highlights>,
    publishedAt: r.publishedAt,
    publishedByName: row.publishedByName,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    corrects,
    correctedBy,
    previous,
  };
}
export type ReportData = NonNullable<Awaited<ReturnType<typeof getReport>>>;

/** The latest published report of the project before this period: the baseline for comparison. */
export async function previousReport({ viewer, projectId, period }: { viewer: Viewer; projectId: number; period: string }) {
  const row = db
    .select({ id: report.id, period: report.period, title: report.title, snapshot: report.snapshot, publishedAt: report.publishedAt })
    .from(report)
    .where(and(visibleReports(viewer), eq(report.projectId, projectId), eq(report.status, "公開"), lt(report.period, period)))
    .orderBy(desc(report.period), desc(report.id))
    .get();
  return row ? { ...row, snapshot: row.snapshot as Partial<ProjectFigures> } : null;
}

// --- writing ----------------------------------------------------------------------------

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

const newReportSchema = z.object({
  projectId: z.coerce.number({ message: "reports.projectRequired" }).int("reports.projectRequired").positive("reports.projectRequired"),
  period: z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().regex(PERIOD, "reports.periodInvalid")),
  /** Empty: 「2026年11月 進捗報告（プロジェクト名）」. */
  title: text(200, { tooLong: "reports.titleTooLong" }),
  audienceRank: z.enum(RANKS, { message: "reports.audienceInvalid" }),
});
export type NewReportInput = z.infer<typeof newReportSchema>;

export function parseNewReport(form: FormData) {
  return parseForm(newReportSchema, form);
}

const lines = z.preprocess(
  (v) => (typeof v === "string" ? v : ""),
  z
    .string()
    .max(4000, "reports.highlightsTooLong")
    .transform((s) => s.split(/\r?\n/).map((l) => l.replace(/^\s*[-・]\s*/, "").trim()).filter(Boolean)),
);

const editSchema = z.object({
  title: text(200, { required: "reports.titleRequired", tooLong: "reports.titleTooLong" }),
  audienceRank: z.enum(RANKS, { message: "reports.audienceInvalid" }),
  narrative: text(20000, { tooLong: "reports.narrativeTooLong" }),
  decided: lines,
  risks: lines,
  asks: lines,
});

/**
 * The edit form: fixed fields plus one light and reason per WG (`light.wg.<id>`,
 * `reason.wg.<id>`) and per town (`light.town.<id>`, `reason.town.<id>`).
 */
export function parseReportEdit(form: FormData, snapshot: Partial<ProjectFigures>) {
  const parsed = parseForm(editSchema, form);
  const errors = { ...(parsed.errors ?? {}) };
  const lights: Lights = { wgs: {}, towns: {} };
  const groups: ["wg" | "town", "wgs" | "towns", string[]][] = [
    ["wg", "wgs", (snapshot.wgs ?? []).map((w) => String(w.wgId))],
    ["town", "towns", (snapshot.towns ?? snapshot.decisionsPendingByTown ?? []).map((t) => String(t.organizationId))],
  ];
  for (const [prefix, key, ids] of groups) {
    for (const id of ids) {
      const light = form.get(`light.${prefix}.${id}`);
      const reason = String(form.get(`reason.${prefix}.${id}`) ?? "").trim();
      if (!(LIGHTS as readonly unknown[]).includes(light)) errors[`light.${prefix}.${id}`] = "reports.lightInvalid";
      else if ([...reason].length > 120) errors[`reason.${prefix}.${id}`] = "reports.reasonTooLong";
      else lights[key][id] = { light: light as Lights["wgs"][string]["light"], reason };
    }
  }
  if (Object.keys(errors).length || !parsed.data) return { data: null, errors };
  const { decided, risks, asks, ...rest } = parsed.data;
  return { data: { ...rest, lights, highlights: { decided, risks, asks } }, errors: null };
}
export type ReportEdit = NonNullable<ReturnType<typeof parseReportEdit>["data"]>;

/** Highlights the PMO starts from: what was decided since the last report, risks, and asks. */
function suggestHighlights(f: ProjectFigures, since: number | null): Highlights {
  const townName = new Map(f.towns.map((t) => [t.organizationId, t.name]));
  return {
    decided: f.decisionsMade.filter((d) => since === null || d.decidedAt > since).map((d) => `${d.number} ${d.title}`),
    risks: f.risks.slice(0, 3).map((r) => `#${r.number} ${r.title}（持ち越し${r.carried}回${r.overdue ? "・期限超過" : ""}）`),
    asks: f.decisionsPending
      .filter((d) => d.awaitingStance.length + d.holding.length + d.awaitingApproval.length > 0)
      .map((d) => {
        const owing = [...new Set([...d.awaitingStance, ...d.holding, ...d.awaitingApproval])].sort((a, b) => a - b);
        return `${d.number} ${d.title}：${owing.map((o) => townName.get(o) ?? "").join("・")}の意思表示・庁内決裁をお願いします`;
      }),
  };
}

/** 2026-11 → 2026年11月 (for default titles; the UI uses periodLabel). */
function periodJa(period: string) {
  const [y, m] = period.split("-").map(Number);
  return `${y}年${m}月`;
}

export function defaultTitle(period: string, projectName: string) {
  return `${periodJa(period)} 進捗報告（${projectName}）`;
}

/** Creates a draft with the project's figures frozen now, and suggested lights and highlights. */
export async function createReport({ viewer, actor, input, now = Date.now() }: { viewer: Viewer; actor: Actor; input: NewReportInput; now?: number }) {
  if (!can(viewer, "report.publish")) return forbidden("reports.forbidden");
  const figures = await projectFigures({ viewer, projectId: input.projectId, now });
  if (!figures) return invalidField("projectId", "reports.projectRequired");
  return write(async (tx) => {
    const taken = tx
      .select({ id: report.id })
      .from(report)
      .where(and(eq(report.consortiumId, viewer.consortiumId), eq(report.projectId, input.projectId), eq(report.period, input.period)))
      .get();
    if (taken) return invalidField("period", "reports.periodTaken");
    const previous = await previousReport({ viewer, projectId: input.projectId, period: input.period });
    const prevTaken = (previous?.snapshot.takenAt as number | undefined) ?? null;
    const row = tx
      .insert(report)
      .values({
        consortiumId: viewer.consortiumId,
        projectId: input.projectId,
        period: input.period,
        title: input.title || defaultTitle(input.period, figures.projectName),
        audienceRank: input.audienceRank,
        narrative: "",
        snapshot: figures,
        lights: suggestLights(figures),
        highlights: suggestHighlights(figures, prevTaken),
        status: "下書き",
        createdBy: viewer.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: report.id })
      .get();
    await audit(tx, actor, { action: "report.create", entityType: "progress_report", entityId: row.id, after: { projectId: input.projectId, period: input.period, takenAt: now } });
    return { ok: true as const, id: row.id };
  });
}

/** The draft as it stands inside the write transaction; published reports refuse with 409. */
async function draftIn(tx: Tx, viewer: Viewer, reportId: number) {
  const row = tx.select().from(report).where(and(visibleReports(viewer), eq(report.id, reportId))).get();
  if (!row) return notFound();
  if (!can(viewer, "report.publish")) return forbidden("reports.forbidden");
  if (row.status !== "下書き") return conflict("reports.published");
  return row;
}

export async function updateReport({ viewer, actor, reportId, edit }: { viewer: Viewer; actor: Actor; reportId: number; edit: ReportEdit }) {
  return write(async (tx) => {
    const row = await draftIn(tx, viewer, reportId);
    if ("ok" in row) return row;
    const now = Date.now();
    tx.update(report)
      .set({ title: edit.title, audienceRank: edit.audienceRank, narrative: edit.narrative, lights: edit.lights, highlights: edit.highlights, updatedAt: now })
      .where(eq(report.id, reportId))
      .run();
    await audit(tx, actor, {
      action: "report.update",
      entityType: "progress_report",
      entityId: reportId,
      before: { title: row.title, audienceRank: row.audienceRank, narrative: row.narrative, lights: row.lights, highlights: row.highlights },
      after: edit,
    });
    return { ok: true as const };
  });
}

/** Takes the figures again (a draft only): the snapshot is what the report will publish. */
export async function refreshFigures({ viewer, actor, reportId, now = Date.now() }: { viewer: Viewer; actor: Actor; reportId: number; now?: number }) {
  const current = db.select({ projectId: report.projectId }).from(report).where(and(visibleReports(viewer), eq(report.id, reportId))).get();
  if (!current) return notFound();
  const figures = await projectFigures({ viewer, projectId: current.projectId, now });
  if (!figures) return notFound();
  return write(async (tx) => {
    const row = await draftIn(tx, viewer, reportId);
    if ("ok" in row) return row;
    // Keep the PMO's lights; add suggestions for WGs or towns that are new in the figures.
    const kept = row.lights as Partial<Lights>;
    const suggested = suggestLights(figures);
    const lights: Lights = { wgs: { ...suggested.wgs, ...(kept.wgs ?? {}) }, towns: { ...suggested.towns, ...(kept.towns ?? {}) } };
    tx.update(report).set({ snapshot: figures, lights, updatedAt: now }).where(eq(report.id, reportId)).run();
    await audit(tx, actor, { action: "report.refresh", entityType: "progress_report", entityId: reportId, before: { takenAt: (row.snapshot as ProjectFigures).takenAt }, after: { takenAt: now } });
    return { ok: true as const };
  });
}

export async function publishReport({ viewer, actor, reportId, now = Date.now() }: { viewer: Viewer; actor: Actor; reportId: number; now?: number }) {
  return write(async (tx) => {
    const row = await draftIn(tx, viewer, reportId);
    if ("ok" in row) return row;
    tx.update(report).set({ status: "公開", publishedBy: viewer.userId, publishedAt: now, updatedAt: now }).where(eq(report.id, reportId)).run();
    await audit(tx, actor, { action: "report.publish", entityType: "progress_report", entityId: reportId, before: { status: "下書き" }, after: { status: "公開", correctsId: row.correctsId } });
    // The audience (its rank and above, never vendors) is told (issue 8).
    await notifyReportPublished(tx, { reportId, actor: viewer }, now);
    return { ok: true as const };
  });
}

/**
 * Starts a correction of a published report: a new draft with the same content and figures,
 * pointing at the old one. An unfinished correction is reused rather than duplicated.
 */
export async function correctReport({ viewer, actor, reportId, now = Date.now() }: { viewer: Viewer; actor: Actor; reportId: number; now?: number }) {
  if (!can(viewer, "report.publish")) return forbidden("reports.forbidden");
  return write(async (tx) => {
    const old = tx.select().from(report).where(and(visibleReports(viewer), eq(report.id, reportId))).get();
    if (!old) return notFound();
    if (old.status !== "公開") return conflict("reports.notPublished");
    const existing = tx.select({ id: report.id, status: report.status }).from(report).where(eq(report.correctsId, reportId)).orderBy(desc(report.id)).get();
    if (existing?.status === "下書き") return { ok: true as const, id: existing.id };
    if (existing) return conflict("reports.alreadyCorrected");
    const row = tx
      .insert(report)
      .values({
        consortiumId: old.consortiumId,
        projectId: old.projectId,
        period: old.period,
        title: old.title.startsWith("【訂正版】") ? old.title : `【訂正版】${old.title}`,
        narrative: old.narrative,
        audienceRank: old.audienceRank,
        snapshot: old.snapshot,
        lights: old.lights,
        highlights: old.highlights,
        status: "下書き",
        correctsId: old.id,
        createdBy: viewer.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: report.id })
      .get();
    await audit(tx, actor, { action: "report.correct", entityType: "progress_report", entityId: row.id, after: { correctsId: old.id } });
    return { ok: true as const, id: row.id };
  });
}

/** Deletes a draft that was never published (a mistaken start). */
export async function discardDraft({ viewer, actor, reportId }: { viewer: Viewer; actor: Actor; reportId: number }) {
  return write(async (tx) => {
    const row = await draftIn(tx, viewer, reportId);
    if ("ok" in row) return row;
    tx.delete(report).where(eq(report.id, reportId)).run();
    await audit(tx, actor, { action: "report.discard", entityType: "progress_report", entityId: reportId, before: { title: row.title, period: row.period } });
    return { ok: true as const };
  });
}

// --- reading ----------------------------------------------------------------------------

export type ReadVia = "page" | "print" | "pdf" | "json";

/** Opening a published report is audited (who read it, when, how). Drafts are not. */
export async function recordRead({ actor, report: r, via }: { actor: Actor; report: { id: number; status: string }; via: ReadVia }) {
  if (r.status !== "公開") return;
  await write((tx) => audit(tx, actor, { action: "report.read", entityType: "progress_report", entityId: r.id, after: { via } }));
}

/** Who has read a published report: one row per reader, first and last time (PMO only). */
export async function readersOf({ viewer, reportId }: { viewer: Viewer; reportId: number }) {
  if (!can(viewer, "report.publish")) return [];
  const e = schema.auditEvent;
  return db
    .select({
      userId: schema.user.id,
      name: schema.user.displayName,
      organizationName: schema.organization.name,
      rank: schema.user.rank,
      firstAt: sql<number>`min(${e.at})`,
      lastAt: sql<number>`max(${e.at})`,
      count: sql<number>`count(*)`,
    })
    .from(e)
    .innerJoin(schema.user, eq(schema.user.id, e.actorId))
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(and(eq(e.consortiumId, viewer.consortiumId), eq(e.entityType, "progress_report"), eq(e.entityId, String(reportId)), eq(e.action, "report.read")))
    .groupBy(schema.user.id)
    .orderBy(asc(sql`min(${e.at})`))
    .all();
}

/**
 * Leadership's dashboard: the latest published report of each project, and the decisions
 * made (決定) since that report's figures were taken. Nothing else.
 */
export async function executiveBriefing({ viewer }: { viewer: Viewer }) {
  const published = db
    .select({
      id: report.id,
      projectId: report.projectId,
      projectName: schema.project.name,
      title: report.title,
      period: report.period,
      publishedAt: report.publishedAt,
      lights: report.lights,
      snapshot: report.snapshot,
    })
    .from(report)
    .innerJoin(schema.project, eq(schema.project.id, report.projectId))
    .where(and(visibleReports(viewer), eq(report.status, "公開")))
    .orderBy(asc(report.projectId), desc(report.period), desc(report.publishedAt), desc(report.id))
    .all();
  const latest = new Map<number, (typeof published)[number]>();
  for (const r of published) if (!latest.has(r.projectId)) latest.set(r.projectId, r);
  return [...latest.values()].map((r) => {
    const since = ((r.snapshot as Partial<ProjectFigures>).takenAt as number | undefined) ?? r.publishedAt ?? 0;
    const decided = db
      .select({ id: schema.decision.id, number: schema.decision.number, title: schema.decision.title, decidedAt: schema.decision.decidedAt })
      .from(schema.decision)
      .where(and(visibleDecisions(viewer), eq(schema.decision.projectId, r.projectId), eq(schema.decision.status, "決定"), gt(schema.decision.decidedAt, since)))
      .orderBy(desc(schema.decision.decidedAt))
      .all();
    const lights = r.lights as Partial<Lights>;
    const count = (light: string) => Object.values(lights.wgs ?? {}).filter((l) => l.light === light).length;
    return {
      id: r.id,
      projectId: r.projectId,
      projectName: r.projectName,
      title: r.title,
      period: r.period,
      publishedAt: r.publishedAt,
      wgLights: { 順調: count("順調"), 注意: count("注意"), 遅延: count("遅延") },
      decidedSince: decided,
      since,
    };
  });
}

/** Projects the PMO can write a report for (the new-report form). */
export async function reportableProjects({ viewer }: { viewer: Viewer }) {
  if (!can(viewer, "report.publish")) return [];
  return db
    .select({ id: schema.project.id, name: schema.project.name })
    .from(schema.project)
    .where(eq(schema.project.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.project.id))
    .all();
}
