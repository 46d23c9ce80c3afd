// What each form of the admin project page does, one handler per `intent`: call the model,
// answer beside the form that sent it (a refusal with the field's message, not-found as 404).
import { intentDone, intentRefused, type IntentAnswer } from "~/utils/forms.server";
import type { Actor } from "~/utils/audit.server";
import type { Viewer } from "~/policy/permissions";
import {
  addMilestone,
  deleteMilestone,
  setMilestoneDone,
  setParticipatingTowns,
  updateProject,
  type ProjectAction,
} from "~/models/project-admin.server";
import { addWorkingGroup, setWorkingGroupArchived } from "~/models/working-group-admin.server";

type Intent = ProjectAction["intent"];
type IntentArgs<I extends Intent> = {
  data: Extract<ProjectAction, { intent: I }>;
  ids: { viewer: Viewer; actor: Actor; projectId: number };
  form: FormData;
};
type Handler<I extends Intent> = (args: IntentArgs<I>) => Promise<IntentAnswer>;

const intents: { [I in Intent]: Handler<I> } = {
  save: async ({ data: { intent, ...input }, ids, form }) => {
    const result = await updateProject({ ...ids, input });
    return result.ok ? intentDone(intent, "structure.projects.saved") : intentRefused(intent, form, result);
  },
  "set-towns": async ({ data: { intent, organizationIds }, ids, form }) => {
    const result = await setParticipatingTowns({ ...ids, organizationIds });
    return result.ok ? intentDone(intent, "structure.towns.saved", { count: result.count }) : intentRefused(intent, form, result);
  },
  "add-milestone": async ({ data: { intent, ...input }, ids, form }) => {
    const result = await addMilestone({ ...ids, input });
    return result.ok ? intentDone(intent, "structure.milestones.added", { name: result.name }) : intentRefused(intent, form, result);
  },
  "milestone-done": ({ data, ids, form }) => markMilestone(data.intent, data.milestoneId, true, ids, form),
  "milestone-reopen": ({ data, ids, form }) => markMilestone(data.intent, data.milestoneId, false, ids, form),
  "delete-milestone": async ({ data: { intent, milestoneId }, ids, form }) => {
    const result = await deleteMilestone({ ...ids, milestoneId });
    return result.ok ? intentDone(intent, "structure.milestones.deleted", { name: result.name }) : intentRefused(intent, form, result);
  },
  "add-wg": async ({ data: { intent, ...input }, ids, form }) => {
    const result = await addWorkingGroup({ ...ids, input });
    return result.ok ? intentDone(intent, "structure.wgs.added", { name: result.name }) : intentRefused(intent, form, result);
  },
  "archive-wg": ({ data, ids, form }) => archiveWorkingGroup(data.intent, data.wgId, true, ids, form),
  "unarchive-wg": ({ data, ids, form }) => archiveWorkingGroup(data.intent, data.wgId, false, ids, form),
};

async function markMilestone(intent: Intent, milestoneId: number, done: boolean, ids: IntentArgs<Intent>["ids"], form: FormData) {
  const result = await setMilestoneDone({ ...ids, milestoneId, done });
  if (!result.ok) return intentRefused(intent, form, result);
  return intentDone(intent, result.doneOn ? "structure.milestones.markedDone" : "structure.milestones.reopened", { name: result.name });
}

async function archiveWorkingGroup(intent: Intent, wgId: number, archived: boolean, ids: IntentArgs<Intent>["ids"], form: FormData) {
  const result = await setWorkingGroupArchived({ ...ids, wgId, archived });
  if (!result.ok) return intentRefused(intent, form, result);
  return intentDone(intent, archived ? "structure.wgs.archivedDone" : "structure.wgs.unarchivedDone", { name: result.name });
}

/** Runs the handler of the parsed form's intent. */
export function dispatchProjectIntent(args: IntentArgs<Intent>): Promise<IntentAnswer> {
  return (intents[args.data.intent] as Handler<Intent>)(args);
}
