// The joint projects of a consortium as the PMO (事務局) sets them up: their basics, the
// participating towns (参加団体) and the milestones. Every function refuses anyone but the PMO
// and scopes every query by the viewer's consortium, so another consortium's project is
// simply not found.
import { and, asc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { invalidField, notFound, ok, type Result } from "~/domain/result";
import { audit, type Actor } from "~/utils/audit.server";
import { isIsoDate, todayInJapan } from "~/utils/dates";
import { db, schema, write, type Executor } from "~/utils/db.server";
import { checkbox, parseForm, text } from "~/utils/forms.server";
import type { Viewer } from "~/policy/permissions";
import { formId, optionalDate, pmoRefusal, requiredDate, TOWN_KINDS, wgFields } from "./structure-fields.server";

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
export type ProjectAction = z.infer<typeof projectActionSchema>;

export function parseProjectAction(form: FormData) {
  return parseForm(projectActionSchema, form);
}

export async function listProjectsForAdmin({ viewer }: { viewer: Viewer }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  const projects = db
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
  return ok({ projects });
}

/** The project, if it is one of the viewer's consortium. */
export async function findProject(ex: Executor, viewer: Viewer, projectId: number) {
  return ex
    .select()
    .from(schema.project)
    .where(and(eq(schema.project.id, projectId), eq(schema.project.consortiumId, viewer.consortiumId)))
    .get();
}

/** The project with what the PMO edits on its page: towns, milestones, working groups. */
export async function getProjectForAdmin({ viewer, projectId }: { viewer: Viewer; projectId: number }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  const project = await findProject(db, viewer, projectId);
  if (!project) return notFound();
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
  return ok({ project, townChoices, townIds, milestones, workingGroups });
}

export async function createProject({ viewer, actor, input }: { viewer: Viewer; actor: Actor; input: ProjectInput }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx) => {
    const created = tx
      .insert(schema.project)
      .values({ ...input, consortiumId: viewer.consortiumId })
      .returning({ id: schema.project.id })
      .get();
    await audit(tx, actor, { action: "project.create", entityType: "project", entityId: created.id, after: input });
    return ok({ projectId: created.id });
  });
}

export async function updateProject({ viewer, actor, projectId, input }: { viewer: Viewer; actor: Actor; projectId: number; input: ProjectInput }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result> => {
    const before = await findProject(tx, viewer, projectId);
    if (!before) return notFound();
    tx.update(schema.project).set(input).where(eq(schema.project.id, projectId)).run();
    const { name, description, phase, startsOn, endsOn } = before;
    await audit(tx, actor, { action: "project.update", entityType: "project", entityId: projectId, before: { name, description, phase, startsOn, endsOn }, after: input });
    return ok();
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
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  const ids = [...new Set(organizationIds)].sort((a, b) => a - b);
  return write(async (tx): Promise<Result<{ count: number }>> => {
    if (!await findProject(tx, viewer, projectId)) return notFound();
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
    if (towns.length !== ids.length) return invalidField("organizationIds", "structure.towns.invalid");
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
    return ok({ count: ids.length });
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
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ milestoneId: number; name: string }>> => {
    if (!await findProject(tx, viewer, projectId)) return notFound();
    const created = tx
      .insert(schema.milestone)
      .values({ ...input, projectId })
      .returning({ id: schema.milestone.id })
      .get();
    await audit(tx, actor, { action: "milestone.create", entityType: "milestone", entityId: created.id, after: { ...input, projectId } });
    return ok({ milestoneId: created.id, name: input.name });
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
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ name: string; doneOn: string | null }>> => {
    const before = await findMilestone(tx, viewer, projectId, milestoneId);
    if (!before) return notFound();
    const doneOn = done ? (before.doneOn ?? todayInJapan()) : null;
    tx.update(schema.milestone).set({ doneOn }).where(eq(schema.milestone.id, milestoneId)).run();
    await audit(tx, actor, {
      action: done ? "milestone.done" : "milestone.reopen",
      entityType: "milestone",
      entityId: milestoneId,
      before: { doneOn: before.doneOn },
      after: { doneOn },
    });
    return ok({ name: before.name, doneOn });
  });
}

export async function deleteMilestone({ viewer, actor, projectId, milestoneId }: { viewer: Viewer; actor: Actor; projectId: number; milestoneId: number }) {
  const refusal = pmoRefusal(viewer);
  if (refusal) return refusal;
  return write(async (tx): Promise<Result<{ name: string }>> => {
    const before = await findMilestone(tx, viewer, projectId, milestoneId);
    if (!before) return notFound();
    tx.delete(schema.milestone).where(eq(schema.milestone.id, milestoneId)).run();
    await audit(tx, actor, { action: "milestone.delete", entityType: "milestone", entityId: milestoneId, before: { ...before, projectId } });
    return ok({ name: before.name });
  });
}
