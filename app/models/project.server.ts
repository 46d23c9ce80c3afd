// Projects and working groups, as far as the viewer may see them.
import { and, asc, count, eq } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { can, isGuest, type Viewer } from "~/policy/permissions";
import { visibleWorkingGroups } from "~/policy/visibility.server";

export async function listWorkingGroups({ viewer, projectId }: { viewer: Viewer; projectId?: number }) {
  const filter = visibleWorkingGroups(viewer);
  return db
    .select({
      id: schema.workingGroup.id,
      name: schema.workingGroup.name,
      description: schema.workingGroup.description,
      projectId: schema.workingGroup.projectId,
      projectName: schema.project.name,
      archived: schema.workingGroup.archived,
      memberCount: db.$count(schema.wgMembership, eq(schema.wgMembership.wgId, schema.workingGroup.id)),
    })
    .from(schema.workingGroup)
    .innerJoin(schema.project, eq(schema.project.id, schema.workingGroup.projectId))
    // Archived WGs keep their records (reachable by URL) but leave the lists.
    .where(and(filter, eq(schema.workingGroup.archived, false), projectId ? eq(schema.workingGroup.projectId, projectId) : undefined))
    .orderBy(asc(schema.workingGroup.projectId), asc(schema.workingGroup.id))
    .all();
}

/** The names of the working groups the viewer sees (a filter's choices, a guest's header). */
export async function workingGroupNames(viewer: Viewer) {
  return db
    .select({ id: schema.workingGroup.id, name: schema.workingGroup.name })
    .from(schema.workingGroup)
    .where(and(visibleWorkingGroups(viewer), eq(schema.workingGroup.archived, false)))
    .orderBy(asc(schema.workingGroup.projectId), asc(schema.workingGroup.id))
    .all();
}

/** The working groups the viewer may raise issues in, or hold meetings of: a new form's choices. */
export async function workingGroupsWhere(viewer: Viewer, action: "issue.create" | "meeting.manage") {
  return (await listWorkingGroups({ viewer })).filter((w) => can(viewer, action, { wgId: w.id }));
}

/** A WG the viewer may open; `withMembers` adds its member list (never for guests). */
export async function getWorkingGroup({ viewer, wgId, withMembers = false }: { viewer: Viewer; wgId: number; withMembers?: boolean }) {
  const filter = visibleWorkingGroups(viewer);
  const wg = db
    .select({
      id: schema.workingGroup.id,
      name: schema.workingGroup.name,
      description: schema.workingGroup.description,
      projectId: schema.project.id,
      projectName: schema.project.name,
    })
    .from(schema.workingGroup)
    .innerJoin(schema.project, eq(schema.project.id, schema.workingGroup.projectId))
    .where(and(filter, eq(schema.workingGroup.id, wgId)))
    .get();
  if (!wg) return null;
  // Guests do not browse the member directory; they see the WG, not who is in it.
  const members = !withMembers || isGuest(viewer)
    ? []
    : db
        .select({
          userId: schema.user.id,
          displayName: schema.user.displayName,
          organizationName: schema.organization.name,
          role: schema.wgMembership.role,
        })
        .from(schema.wgMembership)
        .innerJoin(schema.user, eq(schema.user.id, schema.wgMembership.userId))
        .innerJoin(schema.organization, eq(schema.organization.id, schema.user.organizationId))
        .where(and(eq(schema.wgMembership.wgId, wgId), eq(schema.user.active, true)))
        .orderBy(asc(schema.wgMembership.role), asc(schema.organization.id), asc(schema.user.id))
        .all();
  return { ...wg, members };
}

export async function listProjects({ viewer }: { viewer: Viewer }) {
  if (!can(viewer, "project.read")) return [];
  const projects = db
    .select()
    .from(schema.project)
    .where(eq(schema.project.consortiumId, viewer.consortiumId))
    .orderBy(asc(schema.project.id))
    .all();
  const wgCounts = new Map(
    db
      .select({ projectId: schema.workingGroup.projectId, n: count() })
      .from(schema.workingGroup)
      .where(eq(schema.workingGroup.consortiumId, viewer.consortiumId))
      .groupBy(schema.workingGroup.projectId)
      .all()
      .map((r) => [r.projectId, r.n]),
  );
  return projects.map((p) => ({ ...p, wgCount: wgCounts.get(p.id) ?? 0 }));
}

export async function getProject({ viewer, projectId }: { viewer: Viewer; projectId: number }) {
  if (!can(viewer, "project.read")) return null;
  const project = db
    .select()
    .from(schema.project)
    .where(and(eq(schema.project.id, projectId), eq(schema.project.consortiumId, viewer.consortiumId)))
    .get();
  if (!project) return null;
  const towns = db
    .select({ id: schema.organization.id, name: schema.organization.name })
    .from(schema.projectOrganization)
    .innerJoin(schema.organization, eq(schema.organization.id, schema.projectOrganization.organizationId))
    .where(eq(schema.projectOrganization.projectId, projectId))
    .orderBy(asc(schema.organization.id))
    .all();
  const milestones = db
    .select()
    .from(schema.milestone)
    .where(eq(schema.milestone.projectId, projectId))
    .orderBy(asc(schema.milestone.dueOn))
    .all();
  return { ...project, towns, milestones, workingGroups: await listWorkingGroups({ viewer, projectId }) };
}

/** The WG names a guest takes part in, for the 「ゲストとして参加中」 banner. */
export async function guestWorkingGroupNames(viewer: Viewer) {
  if (!isGuest(viewer)) return [];
  return (await workingGroupNames(viewer)).map((wg) => wg.name);
}
