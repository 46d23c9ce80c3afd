// The structure of a consortium, managed by the PMO (事務局): member organizations, joint
// projects with their participating towns, milestones and working groups, and who takes
// part in each working group. Every function refuses anyone but the PMO (403) and scopes
// every query by the viewer's consortium, so another consortium's row is simply not
// found (null → 404 in the route).
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { audit, type Actor } from "~/utils/audit.server";
import { isIsoDate, todayInJapan } from "~/utils/dates";
import { db, schema, write, type Executor } from "~/utils/db.server";
import { checkbox, parseForm, text } from "~/utils/forms.server";
import type { OrganizationKind, Viewer, WgRole } from "~/policy/permissions";
import { requirePermission } from "~/policy/guard.server";

/** A write either succeeds or names the field whose message to show (a catalog key). */
export type WriteResult<T = object> = ({ ok: true } & T) | { ok: false; field: string; message: MessageKey };

function refuse(field: string, message: MessageKey) {
  return { ok: false as const, field, message };
}

/** Routes check this first; the models check it again so no caller can skip it. */
function requirePmo(viewer: Viewer) {
  requirePermission(viewer, "consortium.manage");
}

// --- shared form pieces -------------------------------------------------------------------

/** A positive id from a form field; anything else gets the given message. */
const formId = (message: MessageKey) =>
  z.coerce.number({ invalid_type_error: message }).int(message).positive(message);

/** Digits as typed with an IME: full-width digits and thousands separators are accepted. */
function digits(value: unknown) {
  return typeof value === "string" ? value.normalize("NFKC").replace(/[,，\s]/g, "") : "";
}

const optionalDate = z
  .preprocess((v) => (typeof v === "string" && v.trim() ? v.trim() : null), z.string().nullable())
  .refine((v) => v === null || isIsoDate(v), "structure.dateInvalid");

const requiredDate = (required: MessageKey) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().min(1, required).refine(isIsoDate, "structure.dateInvalid"));

// --- organizations ------------------------------------------------------------------------

/** Kinds that take part in projects as towns (参加団体) and carry a 団体コード. */
export const TOWN_KINDS = ["municipality", "prefecture"] as const satisfies readonly OrganizationKind[];

function isTownKind(kind: OrganizationKind) {
  return (TOWN_KINDS as readonly OrganizationKind[]).includes(kind);
}

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
  requirePmo(viewer);
  const rows = db
    .select(organizationColumns)
    .from(schema.organization)
    .where(eq(schema.organization.consortiumId, viewer.consortiumId))
    // 団体コード order is the official order of municipalities; the rest by reading.
    .orderBy(sql`${schema.organization.lgCode} is null`, asc(schema.organization.lgCode), asc(schema.organization.nameKana), asc(schema.organization.id))
    .all();
  return schema.ORGANIZATION_KINDS.map((kind) => ({ kind, organizations: rows.filter((o) => o.kind === kind) }));
}

export async function getOrganization({ viewer, organizationId }: { viewer: Viewer; organizationId: number }) {
  requirePmo(viewer);
  const organization = db
    .select(organizationColumns)
    .from(schema.organization)
    .where(and(eq(schema.organization.id, organizationId), eq(schema.organization.consortiumId, viewer.consortiumId)))
    .get();
  if (!organization) return null;
  const projects = db
    .select({ id: schema.project.id, name: schema.project.name })
    .from(schema.projectOrganization)
    .innerJoin(schema.project, eq(schema.project.id, schema.projectOrganization.projectId))
    .where(eq(schema.projectOrganization.organizationId, organizationId))
    .orderBy(asc(schema.project.id))
    .all();
  return { ...organization, projects };
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
  requirePmo(viewer);
  return write(async (tx): Promise<WriteResult<{ organizationId: number }>> => {
    if (await organizationNameTaken(tx, viewer, input.name)) return refuse("name", "structure.orgs.nameTaken");
    const created = tx
      .insert(schema.organization)
      .values({ ...input, consortiumId: viewer.consortiumId })
      .returning({ id: schema.organization.id })
      .get();
    await audit(tx, actor, { action: "organization.create", entityType: "organization", entityId: created.id, after: input });
    return { ok: true, organizationId: created.id };
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
  requirePmo(viewer);
  return write(async (tx): Promise<WriteResult | null> => {
    const before = tx
      .select({ kind: schema.organization.kind, name: schema.organization.name, nameKana: schema.organization.nameKana, lgCode: schema.organization.lgCode, population: schema.organization.population })
      .from(schema.organization)
      .where(and(eq(schema.organization.id, organizationId), eq(schema.organization.consortiumId, viewer.consortiumId)))
      .get();
    if (!before) return null;
    if (await organizationNameTaken(tx, viewer, input.name, organizationId)) return refuse("name", "structure.orgs.nameTaken");
    // Vendor users are WG guests and everyone else is not (see wgRoleProblem): switching an
    // organization across that line would silently break its users' memberships.
    if ((before.kind === "vendor") !== (input.kind === "vendor") && await organizationHasWgMembers(tx, organizationId)) {
      return refuse("kind", "structure.orgs.kindLocked");
    }
    tx.update(schema.organization).set(input).where(eq(schema.organization.id, organizationId)).run();
    await audit(tx, actor, { action: "organization.update", entityType: "organization", entityId: organizationId, before, after: input });
    return { ok: true };
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

// --- projects -----------------------------------------------------------------------------

const projectFields = {
  name: text(100, { required: "structure.projects.nameRequired", tooLong: "structure.projects.nameTooLong" }),
  description: text(2000, { tooLong: "structure.projects.descriptionTooLong" }),
  phase: z.enum(schema.PHASES, { errorMap: () => ({ message: "structure.projects.phaseInvalid" }) }),
  startsOn: optionalDate,
  endsOn: optionalDate,
};

function datesInOrder(v: { startsOn: string | null; endsOn: string | null }, ctx: z.RefinementCtx) {
  // ISO dates compare correctly as strings.
  if (v.startsOn && v.endsOn && isIsoDate(v.startsOn) && isIsoDate(v.endsOn) && v.endsOn < v.startsOn) {
    ctx.addIssue({ code: "custom", path: ["endsOn"], message: "structure.projects.endBeforeStart" });
  }
}

export const projectFormSchema = z.object(projectFields).superRefine(datesInOrder);
export type ProjectInput = z.infer<typeof projectFormSchema>;

export function parseProjectForm(form: FormData) {
  return parseForm(projectFormSchema, form);
}

const milestoneFields = {
  name: text(100, { required: "structure.milestones.nameRequired", tooLong: "structure.milestones.nameTooLong" }),
  dueOn: requiredDate("structure.milestones.dueRequired"),
  fixed: checkbox,
};
export type MilestoneInput = z.infer<z.ZodObject<typeof milestoneFields>>;

const wgFields = {
  name: text(100, { required: "structure.wgs.nameRequired", tooLong: "structure.wgs.nameTooLong" }),
  description: text(1000, { tooLong: "structure.wgs.descriptionTooLong" }),
};
export type WorkingGroupInput = z.infer<z.ZodObject<typeof wgFields>>;

const milestoneRef = { milestoneId: formId("error.badRequest.body") };
const wgRef = { wgId: formId("error.badRequest.body") };

/** Everything the project page posts, told apart by its hidden `intent` field. */
export const projectActionSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("save"), ...projectFields }),
    z.object({
      intent: z.literal("set-towns"),
      // No box ticked: the field is absent; one ticked: a single value.
      organizationIds: z.preprocess(
        (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
        z.array(formId("structure.towns.invalid")),
      ),
    }),
    z.object({ intent: z.literal("add-milestone"), ...milestoneFields }),
    z.object({ intent: z.literal("milestone-done"), ...milestoneRef }),
    z.object({ intent: z.literal("milestone-reopen"), ...milestoneRef }),
    z.object({ intent: z.literal("delete-milestone"), ...milestoneRef }),
    z.object({ intent: z.literal("add-wg"), ...wgFields }),
    z.object({ intent: z.literal("archive-wg"), ...wgRef }),
    z.object({ intent: z.literal("unarchive-wg"), ...wgRef }),
  ], { errorMap: () => ({ message: "error.badRequest.body" }) })
  .superRefine((v, ctx) => {
    if (v.intent === "save") datesInOrder(v, ctx);
  });

export function parseProjectAction(form: FormData) {
  return parseForm(projectActionSchema, form);
}

export async function listProjectsForAdmin({ viewer }: { viewer: Viewer }) {
  requirePmo(viewer);
  return db
    .select({
      id: schema.project.id,
      name: schema.project.name,
      phase: schema.project.phase,
      startsOn: schema.project.startsOn,
      endsOn: schema.project.endsOn,
      townCount: db.$count(schema.projectOrganization, eq(schema.projectOrganization.projectId, schema.project.id)),
      wgCount: db.$count(schema.workingGroup, and(eq(schema.workingGroup.projectId, schema.project.id), eq(schema.workingGroup.archived, false))),
    })
    .from(schema.project)
    .where(eq(schema.project.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.project.id))
    .all();
}

async function findProject(ex: Executor, viewer: Viewer, projectId: number) {
  return ex
    .select()
    .from(schema.project)
    .where(and(eq(schema.project.id, projectId), eq(schema.project.consortiumId, viewer.consortiumId)))
    .get();
}

/** The project with what the PMO edits on its page: towns, milestones, working groups. */
export async function getProjectForAdmin({ viewer, projectId }: { viewer: Viewer; projectId: number }) {
  requirePmo(viewer);
  const project = await findProject(db, viewer, projectId);
  if (!project) return null;
  const townChoices = db
    .select({ id: schema.organization.id, name: schema.organization.name, kind: schema.organization.kind })
    .from(schema.organization)
    .where(and(eq(schema.organization.consortiumId, viewer.consortiumId), inArray(schema.organization.kind, TOWN_KINDS)))
    .orderBy(asc(schema.organization.kind), asc(schema.organization.lgCode), asc(schema.organization.id))
    .all();
  const townIds = db
    .select({ id: schema.projectOrganization.organizationId })
    .from(schema.projectOrganization)
    .where(eq(schema.projectOrganization.projectId, projectId))
    .all()
    .map((r) => r.id);
  const milestones = db
    .select()
    .from(schema.milestone)
    .where(eq(schema.milestone.projectId, projectId))
    .orderBy(asc(schema.milestone.dueOn), asc(schema.milestone.id))
    .all();
  const workingGroups = db
    .select({
      id: schema.workingGroup.id,
      name: schema.workingGroup.name,
      description: schema.workingGroup.description,
      archived: schema.workingGroup.archived,
      memberCount: db.$count(schema.wgMembership, eq(schema.wgMembership.wgId, schema.workingGroup.id)),
    })
    .from(schema.workingGroup)
    .where(eq(schema.workingGroup.projectId, projectId))
    .orderBy(asc(schema.workingGroup.archived), asc(schema.workingGroup.id))
    .all();
  return { project, townChoices, townIds, milestones, workingGroups };
}

export async function createProject({ viewer, actor, input }: { viewer: Viewer; actor: Actor; input: ProjectInput }) {
  requirePmo(viewer);
  return write(async (tx) => {
    const created = tx
      .insert(schema.project)
      .values({ ...input, consortiumId: viewer.consortiumId })
      .returning({ id: schema.project.id })
      .get();
    await audit(tx, actor, { action: "project.create", entityType: "project", entityId: created.id, after: input });
    return { ok: true as const, projectId: created.id };
  });
}

export async function updateProject({ viewer, actor, projectId, input }: { viewer: Viewer; actor: Actor; projectId: number; input: ProjectInput }) {
  requirePmo(viewer);
  return write(async (tx) => {
    const before = await findProject(tx, viewer, projectId);
    if (!before) return null;
    tx.update(schema.project).set(input).where(eq(schema.project.id, projectId)).run();
    const { name, description, phase, startsOn, endsOn } = before;
    await audit(tx, actor, { action: "project.update", entityType: "project", entityId: projectId, before: { name, description, phase, startsOn, endsOn }, after: input });
    return { ok: true as const };
  });
}

/** Replaces the participating towns (参加団体) of a project with exactly this set. */
export async function setParticipatingTowns({
  viewer,
  actor,
  projectId,
  organizationIds,
}: {
  viewer: Viewer;
  actor: Actor;
  projectId: number;
  organizationIds: number[];
}) {
  requirePmo(viewer);
  const ids = [...new Set(organizationIds)].sort((a, b) => a - b);
  return write(async (tx): Promise<WriteResult<{ count: number }> | null> => {
    if (!await findProject(tx, viewer, projectId)) return null;
    const towns = ids.length
      ? tx
          .select({ id: schema.organization.id })
          .from(schema.organization)
          .where(
            and(
              eq(schema.organization.consortiumId, viewer.consortiumId),
              inArray(schema.organization.kind, TOWN_KINDS),
              inArray(schema.organization.id, ids),
            ),
          )
          .all()
      : [];
    if (towns.length !== ids.length) return refuse("organizationIds", "structure.towns.invalid");
    const before = tx
      .select({ id: schema.projectOrganization.organizationId })
      .from(schema.projectOrganization)
      .where(eq(schema.projectOrganization.projectId, projectId))
      .orderBy(asc(schema.projectOrganization.organizationId))
      .all()
      .map((r) => r.id);
    tx.delete(schema.projectOrganization).where(eq(schema.projectOrganization.projectId, projectId)).run();
    if (ids.length) {
      tx.insert(schema.projectOrganization)
        .values(ids.map((organizationId) => ({ projectId, organizationId })))
        .run();
    }
    await audit(tx, actor, { action: "project.towns.set", entityType: "project", entityId: projectId, before, after: ids });
    return { ok: true, count: ids.length };
  });
}

// --- milestones ---------------------------------------------------------------------------

async function findMilestone(ex: Executor, viewer: Viewer, projectId: number, milestoneId: number) {
  return ex
    .select({ id: schema.milestone.id, name: schema.milestone.name, dueOn: schema.milestone.dueOn, doneOn: schema.milestone.doneOn, fixed: schema.milestone.fixed })
    .from(schema.milestone)
    .innerJoin(schema.project, eq(schema.project.id, schema.milestone.projectId))
    .where(
      and(
        eq(schema.milestone.id, milestoneId),
        eq(schema.milestone.projectId, projectId),
        eq(schema.project.consortiumId, viewer.consortiumId),
      ),
    )
    .get();
}

export async function addMilestone({ viewer, actor, projectId, input }: { viewer: Viewer; actor: Actor; projectId: number; input: MilestoneInput }) {
  requirePmo(viewer);
  return write(async (tx) => {
    if (!await findProject(tx, viewer, projectId)) return null;
    const created = tx
      .insert(schema.milestone)
      .values({ ...input, projectId })
      .returning({ id: schema.milestone.id })
      .get();
    await audit(tx, actor, { action: "milestone.create", entityType: "milestone", entityId: created.id, after: { ...input, projectId } });
    return { ok: true as const, milestoneId: created.id, name: input.name };
  });
}

/** Done today (Japan time), or open again. Marking a done milestone done keeps its date. */
export async function setMilestoneDone({
  viewer,
  actor,
  projectId,
  milestoneId,
  done,
}: {
  viewer: Viewer;
  actor: Actor;
  projectId: number;
  milestoneId: number;
  done: boolean;
}) {
  requirePmo(viewer);
  return write(async (tx) => {
    const before = await findMilestone(tx, viewer, projectId, milestoneId);
    if (!before) return null;
    const doneOn = done ? (before.doneOn ?? todayInJapan()) : null;
    tx.update(schema.milestone).set({ doneOn }).where(eq(schema.milestone.id, milestoneId)).run();
    await audit(tx, actor, {
      action: done ? "milestone.done" : "milestone.reopen",
      entityType: "milestone",
      entityId: milestoneId,
      before: { doneOn: before.doneOn },
      after: { doneOn },
    });
    return { ok: true as const, name: before.name, doneOn };
  });
}

export async function deleteMilestone({ viewer, actor, projectId, milestoneId }: { viewer: Viewer; actor: Actor; projectId: number; milestoneId: number }) {
  requirePmo(viewer);
  return write(async (tx) => {
    const before = await findMilestone(tx, viewer, projectId, milestoneId);
    if (!before) return null;
    tx.delete(schema.milestone).where(eq(schema.milestone.id, milestoneId)).run();
    await audit(tx, actor, { action: "milestone.delete", entityType: "milestone", entityId: milestoneId, before: { ...before, projectId } });
    return { ok: true as const, name: before.name };
  });
}

// --- working groups -----------------------------------------------------------------------

async function findWorkingGroup(ex: Executor, viewer: Viewer, wgId: number) {
  return ex
    .select({
      id: schema.workingGroup.id,
      name: schema.workingGroup.name,
      description: schema.workingGroup.description,
      archived: schema.workingGroup.archived,
      projectId: schema.project.id,
      projectName: schema.project.name,
    })
    .from(schema.workingGroup)
    .innerJoin(schema.project, eq(schema.project.id, schema.workingGroup.projectId))
    .where(and(eq(schema.workingGroup.id, wgId), eq(schema.workingGroup.consortiumId, viewer.consortiumId)))
    .get();
}

async function wgNameTaken(ex: Executor, projectId: number, name: string, exceptId?: number) {
  const row = ex
    .select({ id: schema.workingGroup.id })
    .from(schema.workingGroup)
    .where(and(eq(schema.workingGroup.projectId, projectId), eq(schema.workingGroup.name, name)))
    .get();
  return row !== undefined && row.id !== exceptId;
}

export async function addWorkingGroup({ viewer, actor, projectId, input }: { viewer: Viewer; actor: Actor; projectId: number; input: WorkingGroupInput }) {
  requirePmo(viewer);
  return write(async (tx): Promise<WriteResult<{ wgId: number; name: string }> | null> => {
    if (!await findProject(tx, viewer, projectId)) return null;
    if (await wgNameTaken(tx, projectId, input.name)) return refuse("name", "structure.wgs.nameTaken");
    const created = tx
      .insert(schema.workingGroup)
      .values({ ...input, projectId, consortiumId: viewer.consortiumId })
      .returning({ id: schema.workingGroup.id })
      .get();
    await audit(tx, actor, { action: "wg.create", entityType: "working_group", entityId: created.id, after: { ...input, projectId } });
    return { ok: true, wgId: created.id, name: input.name };
  });
}

/** Archived WGs keep their issues, meetings and members; the flag only marks them finished. */
export async function setWorkingGroupArchived({
  viewer,
  actor,
  projectId,
  wgId,
  archived,
}: {
  viewer: Viewer;
  actor: Actor;
  projectId: number;
  wgId: number;
  archived: boolean;
}) {
  requirePmo(viewer);
  return write(async (tx) => {
    const wg = await findWorkingGroup(tx, viewer, wgId);
    if (!wg || wg.projectId !== projectId) return null;
    tx.update(schema.workingGroup).set({ archived }).where(eq(schema.workingGroup.id, wgId)).run();
    await audit(tx, actor, { action: archived ? "wg.archive" : "wg.unarchive", entityType: "working_group", entityId: wgId });
    return { ok: true as const, name: wg.name };
  });
}

export const wgActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("save"), ...wgFields }),
    z.object({
      intent: z.literal("add-member"),
      userId: formId("structure.wg.userRequired"),
      role: z.enum(schema.WG_ROLES, { errorMap: () => ({ message: "structure.wg.roleInvalid" }) }),
    }),
    z.object({
      intent: z.literal("change-role"),
      userId: formId("error.badRequest.body"),
      role: z.enum(schema.WG_ROLES, { errorMap: () => ({ message: "structure.wg.roleInvalid" }) }),
    }),
    z.object({ intent: z.literal("remove-member"), userId: formId("error.badRequest.body") }),
  ],
  { errorMap: () => ({ message: "error.badRequest.body" }) },
);

export function parseWgAction(form: FormData) {
  return parseForm(wgActionSchema, form);
}

/**
 * Vendors take part in working groups as guests, and only vendors do: the permission rules
 * tell guests from staff by their organization, so any other pairing would be a lie.
 */
export function wgRoleProblem(kind: OrganizationKind, role: WgRole): MessageKey | null {
  if (kind === "vendor") return role === "guest" ? null : "structure.wg.vendorGuestOnly";
  return role === "guest" ? "structure.wg.guestOnlyVendor" : null;
}

const personColumns = {
  userId: schema.user.id,
  displayName: schema.user.displayName,
  displayNameKana: schema.user.displayNameKana,
  active: schema.user.active,
  organizationName: schema.organization.name,
  organizationKind: schema.organization.kind,
};

/** The WG with its members and the active users of the consortium who could join it. */
export async function getWorkingGroupForAdmin({ viewer, wgId }: { viewer: Viewer; wgId: number }) {
  requirePmo(viewer);
  const wg = await findWorkingGroup(db, viewer, wgId);
  if (!wg) return null;
  const members = db
    .select({ ...personColumns, role: schema.wgMembership.role })
    .from(schema.wgMembership)
    .innerJoin(schema.user, eq(schema.user.id, schema.wgMembership.userId))
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(eq(schema.wgMembership.wgId, wgId))
    .orderBy(
      sql`case ${schema.wgMembership.role} when 'lead' then 0 when 'member' then 1 else 2 end`,
      asc(schema.organization.id),
      asc(schema.user.displayNameKana),
      asc(schema.user.id),
    )
    .all();
  const candidates = db
    .select(personColumns)
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .where(
      and(
        eq(schema.organization.consortiumId, viewer.consortiumId),
        eq(schema.user.active, true),
        notInArray(
          schema.user.id,
          db.select({ id: schema.wgMembership.userId }).from(schema.wgMembership).where(eq(schema.wgMembership.wgId, wgId)),
        ),
      ),
    )
    .orderBy(asc(schema.organization.id), asc(schema.user.displayNameKana), asc(schema.user.id))
    .all();
  return { wg, members, candidates };
}

export async function updateWorkingGroup({ viewer, actor, wgId, input }: { viewer: Viewer; actor: Actor; wgId: number; input: WorkingGroupInput }) {
  requirePmo(viewer);
  return write(async (tx): Promise<WriteResult | null> => {
    const before = await findWorkingGroup(tx, viewer, wgId);
    if (!before) return null;
    if (await wgNameTaken(tx, before.projectId, input.name, wgId)) return refuse("name", "structure.wgs.nameTaken");
    tx.update(schema.workingGroup).set(input).where(eq(schema.workingGroup.id, wgId)).run();
    await audit(tx, actor, {
      action: "wg.update",
      entityType: "working_group",
      entityId: wgId,
      before: { name: before.name, description: before.description },
      after: input,
    });
    return { ok: true };
  });
}

/** A user of the viewer's consortium, with their organization's kind and their WG role. */
async function findPerson(ex: Executor, viewer: Viewer, wgId: number, userId: number) {
  return ex
    .select({ ...personColumns, role: schema.wgMembership.role })
    .from(schema.user)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
    .leftJoin(schema.wgMembership, and(eq(schema.wgMembership.userId, schema.user.id), eq(schema.wgMembership.wgId, wgId)))
    .where(and(eq(schema.user.id, userId), eq(schema.organization.consortiumId, viewer.consortiumId)))
    .get();
}

type Membership = { viewer: Viewer; actor: Actor; wgId: number; userId: number };

export async function addWgMember({ viewer, actor, wgId, userId, role }: Membership & { role: WgRole }) {
  requirePmo(viewer);
  return write(async (tx): Promise<WriteResult<{ name: string }> | null> => {
    if (!await findWorkingGroup(tx, viewer, wgId)) return null;
    const person = await findPerson(tx, viewer, wgId, userId);
    if (!person || !person.active || person.role !== null) return refuse("userId", "structure.wg.userInvalid");
    const problem = wgRoleProblem(person.organizationKind, role);
    if (problem) return refuse("role", problem);
    tx.insert(schema.wgMembership).values({ wgId, userId, role }).run();
    await audit(tx, actor, { action: "wg.member.add", entityType: "working_group", entityId: wgId, after: { userId, role } });
    return { ok: true, name: person.displayName };
  });
}

export async function changeWgRole({ viewer, actor, wgId, userId, role }: Membership & { role: WgRole }) {
  requirePmo(viewer);
  return write(async (tx): Promise<WriteResult<{ name: string }> | null> => {
    if (!await findWorkingGroup(tx, viewer, wgId)) return null;
    const person = await findPerson(tx, viewer, wgId, userId);
    if (!person?.role) return null;
    const problem = wgRoleProblem(person.organizationKind, role);
    if (problem) return refuse("role", problem);
    tx.update(schema.wgMembership)
      .set({ role })
      .where(and(eq(schema.wgMembership.wgId, wgId), eq(schema.wgMembership.userId, userId)))
      .run();
    await audit(tx, actor, { action: "wg.member.role", entityType: "working_group", entityId: wgId, before: { userId, role: person.role }, after: { userId, role } });
    return { ok: true, name: person.displayName };
  });
}

export async function removeWgMember({ viewer, actor, wgId, userId }: Membership) {
  requirePmo(viewer);
  return write(async (tx) => {
    if (!await findWorkingGroup(tx, viewer, wgId)) return null;
    const person = await findPerson(tx, viewer, wgId, userId);
    if (!person?.role) return null;
    tx.delete(schema.wgMembership)
      .where(and(eq(schema.wgMembership.wgId, wgId), eq(schema.wgMembership.userId, userId)))
      .run();
    await audit(tx, actor, { action: "wg.member.remove", entityType: "working_group", entityId: wgId, before: { userId, role: person.role } });
    return { ok: true as const, name: person.displayName };
  });
}
