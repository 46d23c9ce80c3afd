// Projects, their milestones and participating towns, working groups and labels.
import * as schema from "../schema/index";
import { FACTORY_NOW, type Handle, type Insert, insertRow, sequence } from "./define";

type Project = Insert<typeof schema.project>;
type Milestone = Insert<typeof schema.milestone>;
type WorkingGroup = Insert<typeof schema.workingGroup>;
type Label = Insert<typeof schema.label>;

export function projectRow(overrides: Partial<Project> & Pick<Project, "consortiumId">): Project {
  return { name: `テスト事業${sequence()}`, createdAt: FACTORY_NOW, ...overrides };
}
/** A project and, when given, the towns taking part in it. */
export function insertProject(tx: Handle, { townIds = [], ...overrides }: Partial<Project> & Pick<Project, "consortiumId"> & { townIds?: number[] }) {
  const row = insertRow(tx, schema.project, projectRow(overrides));
  for (const organizationId of townIds) insertRow(tx, schema.projectOrganization, { projectId: row.id, organizationId });
  return row;
}

export function milestoneRow(overrides: Partial<Milestone> & Pick<Milestone, "projectId" | "dueOn">): Milestone {
  return { name: `マイルストーン${sequence()}`, createdAt: FACTORY_NOW, ...overrides };
}
export const insertMilestone = (tx: Handle, overrides: Partial<Milestone> & Pick<Milestone, "projectId" | "dueOn">) =>
  insertRow(tx, schema.milestone, milestoneRow(overrides));

export function workingGroupRow(overrides: Partial<WorkingGroup> & Pick<WorkingGroup, "consortiumId" | "projectId">): WorkingGroup {
  return { name: `テストWG${sequence()}`, createdAt: FACTORY_NOW, ...overrides };
}
export const insertWorkingGroup = (tx: Handle, overrides: Partial<WorkingGroup> & Pick<WorkingGroup, "consortiumId" | "projectId">) =>
  insertRow(tx, schema.workingGroup, workingGroupRow(overrides));

export function labelRow(overrides: Partial<Label> & Pick<Label, "consortiumId">): Label {
  return { name: `ラベル${sequence()}`, color: "#2563eb", ...overrides };
}
export const insertLabel = (tx: Handle, overrides: Partial<Label> & Pick<Label, "consortiumId">) => insertRow(tx, schema.label, labelRow(overrides));
