// The consortium's labels (PMO, /admin/labels): create, rename and recolour, merge one into
// another, archive (使用停止: kept on its issues, no longer offered) and restore, and the
// starter set of the hearing checklist. Every function refuses anyone but the PMO, scopes by
// the viewer's consortium (another consortium's label is simply not found) and is audited.
import { and, asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { invalidField, notFound, ok, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { db, schema, write, type Tx } from "~/utils/db.server";
import { parseForm, text } from "~/utils/forms.server";
import { refusalOf, type Viewer } from "~/policy/permissions";
import { formId } from "./structure-fields.server";

/** The PMO only; anyone else is told nothing exists here (404). */
const configureRefusal = (viewer: Viewer) => refusalOf(viewer, "consortium.configure");

const { label, issueLabel } = schema;

/** The hearing checklist's headings (ヒアリング項目), as labels a consortium starts with. */
export const STARTER_LABELS: { name: string; color: string }[] = [
  { name: "業務フローの誤り", color: "#b91c1c" },
  { name: "手作業", color: "#c2410c" },
  { name: "負荷の高い作業", color: "#b45309" },
  { name: "ミスの多い作業", color: "#a16207" },
  { name: "機能不足", color: "#4d7c0f" },
  { name: "現行システムへの不満", color: "#0f766e" },
  { name: "自動化候補", color: "#0369a1" },
  { name: "カスタマイズ要望", color: "#6d28d9" },
  { name: "事業者対応", color: "#be185d" },
  { name: "標準仕様との差異", color: "#475569" },
];

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "labels.colorInvalid").transform((c) => c.toLowerCase());
const name = text(40, { required: "labels.nameRequired", tooLong: "labels.nameTooLong" });

export const labelActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name, color }),
  z.object({ intent: z.literal("update"), labelId: formId("error.badRequest.body"), name, color }),
  z.object({ intent: z.literal("archive"), labelId: formId("error.badRequest.body") }),
  z.object({ intent: z.literal("restore"), labelId: formId("error.badRequest.body") }),
  z.object({ intent: z.literal("merge"), labelId: formId("error.badRequest.body"), intoId: formId("labels.mergeChoose") }),
  z.object({ intent: z.literal("delete"), labelId: formId("error.badRequest.body") }),
  z.object({ intent: z.literal("starter") }),
]);
export const parseLabelAction = (form: FormData) => parseForm(labelActionSchema, form);

export async function listLabels({ viewer }: { viewer: Viewer }) {
  const refusal = configureRefusal(viewer);
  if (refusal) return refusal;
  const labels = db
    .select({ id: label.id, name: label.name, color: label.color, archived: label.archived, issues: count(issueLabel.issueId) })
    .from(label)
    .leftJoin(issueLabel, eq(issueLabel.labelId, label.id))
    .where(eq(label.consortiumId, viewer.consortiumId))
    .groupBy(label.id)
    .orderBy(asc(label.archived), asc(label.id))
    .all();
  return ok({ labels });
}

function own(tx: Tx, viewer: Viewer, labelId: number) {
  return tx.select().from(label).where(and(eq(label.id, labelId), eq(label.consortiumId, viewer.consortiumId))).get();
}

function nameTaken(tx: Tx, viewer: Viewer, labelName: string, exceptId?: number) {
  const row = tx.select({ id: label.id }).from(label).where(and(eq(label.consortiumId, viewer.consortiumId), eq(label.name, labelName))).get();
  return row !== undefined && row.id !== exceptId;
}

type Done = Result<{ name: string }>;

export async function createLabel({ viewer, actor, input }: { viewer: Viewer; actor: Actor; input: { name: string; color: string } }): Promise<Done> {
  const refusal = configureRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx) => {
    if (nameTaken(tx, viewer, input.name)) return invalidField("name", "labels.nameTaken");
    const created = tx.insert(label).values({ consortiumId: viewer.consortiumId, ...input }).returning({ id: label.id }).get();
    await audit(tx, actor, { action: "label.create", entityType: "label", entityId: created.id, after: input });
    return ok({ name: input.name });
  });
}

export async function updateLabel({ viewer, actor, labelId, input }: { viewer: Viewer; actor: Actor; labelId: number; input: { name: string; color: string } }): Promise<Done> {
  const refusal = configureRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx) => {
    const before = own(tx, viewer, labelId);
    if (!before) return notFound();
    if (nameTaken(tx, viewer, input.name, labelId)) return invalidField("name", "labels.nameTaken");
    tx.update(label).set(input).where(eq(label.id, labelId)).run();
    await audit(tx, actor, { action: "label.update", entityType: "label", entityId: labelId, before: { name: before.name, color: before.color }, after: input });
    return ok({ name: input.name });
  });
}

export async function setLabelArchived({ viewer, actor, labelId, archived }: { viewer: Viewer; actor: Actor; labelId: number; archived: boolean }): Promise<Done> {
  const refusal = configureRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx) => {
    const before = own(tx, viewer, labelId);
    if (!before) return notFound();
    tx.update(label).set({ archived }).where(eq(label.id, labelId)).run();
    await audit(tx, actor, { action: archived ? "label.archive" : "label.restore", entityType: "label", entityId: labelId, before: { name: before.name } });
    return ok({ name: before.name });
  });
}

/** Moves every issue of `labelId` to `intoId` (an issue with both keeps one) and deletes `labelId`. */
export async function mergeLabel({ viewer, actor, labelId, intoId }: { viewer: Viewer; actor: Actor; labelId: number; intoId: number }): Promise<Done> {
  const refusal = configureRefusal(viewer);
  if (refusal) return refusal;
  if (labelId === intoId) return invalidField("intoId", "labels.mergeSame");
  return write(async (tx) => {
    const from = own(tx, viewer, labelId);
    const into = own(tx, viewer, intoId);
    if (!from) return notFound();
    if (!into) return invalidField("intoId", "labels.mergeChoose");
    const moved = tx.run(sql`insert or ignore into ${issueLabel} (issue_id, label_id) select issue_id, ${intoId} from ${issueLabel} where label_id = ${labelId}`).changes;
    tx.delete(issueLabel).where(eq(issueLabel.labelId, labelId)).run();
    tx.delete(label).where(eq(label.id, labelId)).run();
    await audit(tx, actor, { action: "label.merge", entityType: "label", entityId: intoId, before: { name: from.name, id: from.id }, after: { name: into.name, issues: moved } });
    return ok({ name: into.name });
  });
}

/** Deletes a label: it comes off every issue that has it (the audit row keeps how many). */
export async function deleteLabel({ viewer, actor, labelId }: { viewer: Viewer; actor: Actor; labelId: number }): Promise<Done> {
  const refusal = configureRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx) => {
    const before = own(tx, viewer, labelId);
    if (!before) return notFound();
    const removed = tx.delete(issueLabel).where(eq(issueLabel.labelId, labelId)).run().changes;
    tx.delete(label).where(eq(label.id, labelId)).run();
    await audit(tx, actor, { action: "label.delete", entityType: "label", entityId: labelId, before: { name: before.name, color: before.color, issues: removed } });
    return ok({ name: before.name });
  });
}

/** Adds the starter labels the consortium does not have yet; returns how many. */
export async function addStarterLabels({ viewer, actor }: { viewer: Viewer; actor: Actor }): Promise<Result<{ added: number }>> {
  const refusal = configureRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx) => {
    const missing = STARTER_LABELS.filter((l) => !nameTaken(tx, viewer, l.name));
    if (missing.length) tx.insert(label).values(missing.map((l) => ({ consortiumId: viewer.consortiumId, ...l }))).run();
    await audit(tx, actor, { action: "label.starter", entityType: "consortium", entityId: viewer.consortiumId, after: { added: missing.map((l) => l.name) } });
    return ok({ added: missing.length });
  });
}
