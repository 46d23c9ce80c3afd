// The member organizations of a consortium, managed by the PMO (事務局). Every function
// refuses anyone but the PMO and scopes every query by the viewer's consortium, so another
// consortium's organization is simply not found.
import { and, asc, eq, or, sql } from "drizzle-orm";
import { z } from "zod";
import { conflict, invalidField, notFound, ok, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { db, schema, write, type Executor } from "~/utils/db.server";
import { parseForm, text } from "~/utils/forms.server";
import type { Viewer } from "~/policy/permissions";
import { digits, isTownKind, pmoRefusal, stillInUse } from "./structure-fields.server";

/** Hiragana, the long-vowel mark and spaces: how a name's reading (かな) is written. */
const HIRAGANA = /^[\p{Script=Hiragana}ー\s]*$/u;

export const organizationFormSchema = z
  .object({
    kind: z.enum(schema.ORGANIZATION_KINDS, { errorMap: () => ({ message: "structure.orgs.kindInvalid" }) }),
    name: text(100, { required: "structure.orgs.nameRequired", tooLong: "structure.orgs.nameTooLong" }),
    nameKana: text(100, { tooLong: "structure.orgs.kanaTooLong" }).refine((v) => HIRAGANA.test(v), "structure.orgs.kanaHiragana"),
    lgCode: z.preprocess(digits, z.string()),
    population: z.preprocess(
      (v) => digits(v) || null,
      z.string().regex(/^\d{1,10}$/, "structure.orgs.populationInvalid").transform(Number).nullable(),
    ),
  })
  .superRefine((v, ctx) => {
    // Towns must have a 団体コード; "other" bodies (一部事務組合 etc.) may; vendors never do.
    const checked = isTownKind(v.kind) || (v.kind === "other" && v.lgCode !== "");
    if (checked && !/^\d{6}$/.test(v.lgCode)) {
      ctx.addIssue({ code: "custom", path: ["lgCode"], message: "structure.orgs.lgCodeInvalid" });
    }
  })
  .transform(({ lgCode, ...rest }) => ({ ...rest, lgCode: rest.kind === "vendor" || lgCode === "" ? null : lgCode }));

export type OrganizationInput = z.infer<typeof organizationFormSchema>;

export function parseOrganizationForm(form: FormData) {
  return parseForm(organizationFormSchema, form);
}

const organizationColumns = {
  id: schema.organization.id,
  kind: schema.organization.kind,
  name: schema.organization.name,
  nameKana: schema.organization.nameKana,
  lgCode: schema.organization.lgCode,
  population: schema.organization.population,
  activeUsers: db.$count(schema.user, and(eq(schema.user.organizationId, schema.organization.id), eq(schema.user.active, true))),
  inactiveUsers: db.$count(schema.user, and(eq(schema.user.organizationId, schema.organization.id), eq(schema.user.active, false))),
};

/** Every organization of the consortium, grouped by kind (市町村, 都道府県, 事業者, その他). */
export async function listOrganizations({ viewer }: { viewer: Viewer }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  const rows = db
    .select(organizationColumns)
    .from(schema.organization)
    .where(eq(schema.organization.consortiumId, viewer.consortiumId))
    // 団体コード order is the official order of municipalities; the rest by reading.
    .orderBy(sql`${schema.organization.lgCode} is null`, asc(schema.organization.lgCode), asc(schema.organization.nameKana), asc(schema.organization.id))
    .all();
  return ok({ groups: schema.ORGANIZATION_KINDS.map((kind) => ({ kind, organizations: rows.filter((o) => o.kind === kind) })) });
}

export async function getOrganization({ viewer, organizationId }: { viewer: Viewer; organizationId: number }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  const organization = db
    .select(organizationColumns)
    .from(schema.organization)
    .where(and(eq(schema.organization.id, organizationId), eq(schema.organization.consortiumId, viewer.consortiumId)))
    .get();
  if (!organization) return notFound();
  const projects = db
    .select({ id: schema.project.id, name: schema.project.name })
    .from(schema.projectOrganization)
    .innerJoin(schema.project, eq(schema.project.id, schema.projectOrganization.projectId))
    .where(eq(schema.projectOrganization.organizationId, organizationId))
    .orderBy(asc(schema.project.id))
    .all();
  return ok({ organization: { ...organization, projects } });
}

async function organizationNameTaken(ex: Executor, viewer: Viewer, name: string, exceptId?: number) {
  const row = ex
    .select({ id: schema.organization.id })
    .from(schema.organization)
    .where(and(eq(schema.organization.consortiumId, viewer.consortiumId), eq(schema.organization.name, name)))
    .get();
  return row !== undefined && row.id !== exceptId;
}

export async function createOrganization({ viewer, actor, input }: { viewer: Viewer; actor: Actor; input: OrganizationInput }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ organizationId: number }>> => {
    if (await organizationNameTaken(tx, viewer, input.name)) return invalidField("name", "structure.orgs.nameTaken");
    const created = tx
      .insert(schema.organization)
      .values({ ...input, consortiumId: viewer.consortiumId })
      .returning({ id: schema.organization.id })
      .get();
    await audit(tx, actor, { action: "organization.create", entityType: "organization", entityId: created.id, after: input });
    return ok({ organizationId: created.id });
  });
}

export async function updateOrganization({
  viewer,
  actor,
  organizationId,
  input,
}: {
  viewer: Viewer;
  actor: Actor;
  organizationId: number;
  input: OrganizationInput;
}) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result> => {
    const before = tx
      .select({ kind: schema.organization.kind, name: schema.organization.name, nameKana: schema.organization.nameKana, lgCode: schema.organization.lgCode, population: schema.organization.population })
      .from(schema.organization)
      .where(and(eq(schema.organization.id, organizationId), eq(schema.organization.consortiumId, viewer.consortiumId)))
      .get();
    if (!before) return notFound();
    if (await organizationNameTaken(tx, viewer, input.name, organizationId)) return invalidField("name", "structure.orgs.nameTaken");
    // Vendor users are WG guests and everyone else is not (see wgRoleProblem): switching an
    // organization across that line would silently break its users' memberships.
    if ((before.kind === "vendor") !== (input.kind === "vendor") && await organizationHasWgMembers(tx, organizationId)) {
      return invalidField("kind", "structure.orgs.kindLocked");
    }
    tx.update(schema.organization).set(input).where(eq(schema.organization.id, organizationId)).run();
    await audit(tx, actor, { action: "organization.update", entityType: "organization", entityId: organizationId, before, after: input });
    return ok();
  });
}

async function organizationHasWgMembers(ex: Executor, organizationId: number) {
  const row = ex
    .select({ userId: schema.wgMembership.userId })
    .from(schema.wgMembership)
    .innerJoin(schema.user, eq(schema.user.id, schema.wgMembership.userId))
    .where(eq(schema.user.organizationId, organizationId))
    .limit(1)
    .get();
  return row !== undefined;
}

/** Deletes an organization entered by mistake: one no person, project or record refers to. */
export async function deleteOrganization({ viewer, actor, organizationId }: { viewer: Viewer; actor: Actor; organizationId: number }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ name: string }>> => {
    const found = tx
      .select({ name: schema.organization.name, kind: schema.organization.kind })
      .from(schema.organization)
      .where(and(eq(schema.organization.id, organizationId), eq(schema.organization.consortiumId, viewer.consortiumId)))
      .get();
    if (!found) return notFound();
    const used = stillInUse(tx, [
      [schema.user, eq(schema.user.organizationId, organizationId), "deletion.org.users"],
      [schema.projectOrganization, eq(schema.projectOrganization.organizationId, organizationId), "deletion.org.projects"],
      [schema.issue, eq(schema.issue.ballHolderOrgId, organizationId), "deletion.org.records"],
      [schema.issueOrganization, eq(schema.issueOrganization.organizationId, organizationId), "deletion.org.records"],
      [schema.decisionOrganization, eq(schema.decisionOrganization.organizationId, organizationId), "deletion.org.records"],
      [schema.decisionStance, eq(schema.decisionStance.organizationId, organizationId), "deletion.org.records"],
      [schema.decisionStanceHistory, eq(schema.decisionStanceHistory.organizationId, organizationId), "deletion.org.records"],
      [schema.meeting, eq(schema.meeting.hostOrgId, organizationId), "deletion.org.records"],
      [schema.minutesConfirmation, eq(schema.minutesConfirmation.organizationId, organizationId), "deletion.org.records"],
    ]);
    if (used) return conflict(used);
    tx.delete(schema.organization).where(eq(schema.organization.id, organizationId)).run();
    await audit(tx, actor, { action: "organization.delete", entityType: "organization", entityId: organizationId, before: found });
    return ok({ name: found.name });
  });
}
