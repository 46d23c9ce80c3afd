// The consortium's own settings (PMO, /admin/consortium): its name, legal form, fiscal-year
// start, decision rule and discussion rules (ディスカッションルール). Every change is audited
// with what it was before; the discussion rules' history is read from those audit rows. A rule
// change never touches a past decision: each stores the rule it was decided under.
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { ok, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { db, schema, write } from "~/utils/db.server";
import { checkbox, parseForm, text } from "~/utils/forms.server";
import { refusalOf, type Viewer } from "~/policy/permissions";

/** The PMO only; anyone else is told nothing exists here (404). */
const configureRefusal = (viewer: Viewer) => refusalOf(viewer, "consortium.configure");

/** The consortium's own fields, as the first setup (/setup) and the settings take them. */
export const consortiumFields = {
  name: text(100, { required: "settings.required", tooLong: "settings.tooLong" }),
  legalForm: z.enum(schema.LEGAL_FORMS, { message: "settings.choose" }),
  fiscalYearStartMonth: z.coerce.number({ message: "settings.choose" }).int().min(1, "settings.choose").max(12, "settings.choose"),
  decisionRule: z.enum(schema.DECISION_RULES, { message: "settings.choose" }),
};

export const consortiumSettingsSchema = z.object({
  ...consortiumFields,
  approvalRequired: checkbox,
  discussionRules: text(20_000, { tooLong: "settings.rulesTooLong" }),
});
export type ConsortiumSettings = z.infer<typeof consortiumSettingsSchema>;

export const parseConsortiumSettings = (form: FormData) => parseForm(consortiumSettingsSchema, form);

const settingsColumns = {
  name: schema.consortium.name,
  legalForm: schema.consortium.legalForm,
  fiscalYearStartMonth: schema.consortium.fiscalYearStartMonth,
  decisionRule: schema.consortium.decisionRule,
  approvalRequired: schema.consortium.approvalRequired,
  discussionRules: schema.consortium.discussionRules,
};

const current = (consortiumId: number) => db.select(settingsColumns).from(schema.consortium).where(eq(schema.consortium.id, consortiumId)).get()!;

export async function getConsortiumSettings({ viewer }: { viewer: Viewer }): Promise<Result<{ settings: ConsortiumSettings }>> {
  return configureRefusal(viewer) ?? ok({ settings: current(viewer.consortiumId) });
}

export async function updateConsortiumSettings({ viewer, actor, input }: { viewer: Viewer; actor: Actor; input: ConsortiumSettings }): Promise<Result<{ changed: boolean }>> {
  const refusal = configureRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx) => {
    const before = tx.select(settingsColumns).from(schema.consortium).where(eq(schema.consortium.id, viewer.consortiumId)).get()!;
    const changedKeys = (Object.keys(input) as (keyof ConsortiumSettings)[]).filter((k) => before[k] !== input[k]);
    if (!changedKeys.length) return ok({ changed: false });
    tx.update(schema.consortium).set(input).where(eq(schema.consortium.id, viewer.consortiumId)).run();
    const pick = (s: ConsortiumSettings) => Object.fromEntries(changedKeys.map((k) => [k, s[k]]));
    await audit(tx, actor, { action: "consortium.update", entityType: "consortium", entityId: viewer.consortiumId, before: pick(before), after: pick(input) });
    return ok({ changed: true });
  });
}

/** The discussion rules as they were set, newest first (from the audit log): who, when, the text. */
export async function discussionRulesHistory({ viewer, limit = 20 }: { viewer: Viewer; limit?: number }) {
  if (configureRefusal(viewer)) return [];
  const rows = db
    .select({ at: schema.auditEvent.at, after: schema.auditEvent.after, actorName: schema.user.displayName })
    .from(schema.auditEvent)
    .leftJoin(schema.user, eq(schema.user.id, schema.auditEvent.actorId))
    .where(and(eq(schema.auditEvent.consortiumId, viewer.consortiumId), eq(schema.auditEvent.action, "consortium.update"), eq(schema.auditEvent.entityType, "consortium")))
    .orderBy(desc(schema.auditEvent.at), desc(schema.auditEvent.id))
    .limit(200)
    .all();
  return rows
    .map((r) => ({ at: r.at, actorName: r.actorName, rules: (JSON.parse(r.after ?? "{}") as Partial<ConsortiumSettings>).discussionRules }))
    .filter((r): r is { at: number; actorName: string | null; rules: string } => typeof r.rules === "string")
    .slice(0, limit);
}

/** The discussion rules every member sees on meeting pages and the live board. */
export async function discussionRulesOf(viewer: Viewer) {
  return current(viewer.consortiumId).discussionRules;
}
