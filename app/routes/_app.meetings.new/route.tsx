import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MeetingForm } from "./meeting-form";
import { createMeeting, listMeetings, meetingChoices, parseMeetingForm, proposeNextMeeting, type MeetingScope } from "~/models/meeting.server";
import { getWorkingGroup, listProjects, workingGroupsWhere } from "~/models/project.server";
import { answer, badRequest, submittedValues } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { refusalStatus, type Viewer } from "~/policy/permissions";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth, requirePermission } from "~/policy/guard.server";

/** ?wg=ID (a WG's meeting) or ?project=ID (a project-level 連絡会); only for meeting.manage. */
async function scopeFor(viewer: Viewer, request: Request): Promise<{ scope: MeetingScope; name: string; backTo: string } | null> {
  const params = new URL(request.url).searchParams;
  const wgParam = params.get("wg");
  const projectParam = params.get("project");
  if (wgParam) {
    const wg = await getWorkingGroup({ viewer, wgId: parseId(wgParam) });
    if (!wg) notFound();
    requirePermission(viewer, "meeting.manage", { wgId: wg.id });
    return { scope: { wgId: wg.id, projectId: wg.projectId }, name: wg.name, backTo: `/wg/${wg.id}/meetings` };
  }
  if (projectParam) {
    const project = (await listProjects({ viewer })).find((p) => p.id === parseId(projectParam));
    if (!project) notFound();
    requirePermission(viewer, "meeting.manage", { wgId: null });
    return { scope: { wgId: null, projectId: project.id }, name: project.name, backTo: `/projects/${project.id}` };
  }
  return null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const target = await scopeFor(viewer, request);
  if (!target) {
    const choices = await workingGroupsWhere(viewer, "meeting.manage");
    if (choices.length === 0) throw new Response(null, { status: refusalStatus(viewer, "meeting.manage") });
    return json({ target: null, choices, options: null, proposal: null, previous: [] });
  }
  const { scope } = target;
  const afterParam = new URL(request.url).searchParams.get("after");
  const proposal = afterParam ? await proposeNextMeeting({ viewer, previousId: parseId(afterParam) }) : null;
  if (afterParam && (!proposal || proposal.meeting.wgId !== scope.wgId || proposal.meeting.projectId !== scope.projectId)) notFound();
  const series = scope.wgId ? await listMeetings({ viewer, wgId: scope.wgId }) : { upcoming: [], past: [] };
  const previous = [...series.upcoming, ...series.past].map((m) => ({ id: m.id, title: m.title }));
  if (proposal && !previous.some((m) => m.id === proposal.meeting.id)) previous.push({ id: proposal.meeting.id, title: proposal.meeting.title });
  return json({ target, choices: [], options: await meetingChoices({ viewer, scope }), proposal, previous });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const target = await scopeFor(viewer, request);
  if (!target) notFound();
  const form = await readForm(request);
  const again = { values: submittedValues(form), attendeeIds: form.getAll("attendeeIds").map(Number), agendaIssueIds: form.getAll("agendaIssueIds").map(Number) };
  const { data, errors } = parseMeetingForm(form);
  if (!data) return badRequest(errors, again);
  const result = await createMeeting({ viewer, actor: actorOf(context), scope: target.scope, input: data });
  if (!result.ok) return answer(result, again);
  return redirect(`/meetings/${result.id}`);
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.meetingNew") }];

export default function NewMeeting() {
  const { target, choices, options, proposal, previous } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const alert = useRef<HTMLParagraphElement>(null);
  // After a refused submission, bring the message into view: the button is far below it.
  useEffect(() => {
    if (result && !result.ok) alert.current?.focus();
  }, [result]);
  if (!target || !options) {
    return (
      <div className="page narrow">
        <h1>{t("meetings.newTitle")}</h1>
        <p>{t("meetings.chooseScope")}</p>
        <ul className="link-list card">
          {choices.map((w) => (
            <li key={w.id}>
              <Link to={`?wg=${w.id}`}>{w.name}</Link> <span className="muted">{w.projectName}</span>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const failed = result && !result.ok ? result : null;
  const values = failed ? failed.values : proposal ? proposal.values : { kind: "WG定例", startTime: "14:00", endTime: "16:00" };
  return (
    <div className="page narrow wide-form">
      <p className="breadcrumb">
        <Link to={target.backTo}>{target.name}</Link>
      </p>
      <h1>{proposal ? t("meetings.newNextTitle", { title: proposal.meeting.title }) : t("meetings.newTitle")}</h1>
      {failed ? (
        <p className="form-error" role="alert" ref={alert} tabIndex={-1}>
          {failed.errors.form ? t(failed.errors.form) : t("common.fixErrors")}
        </p>
      ) : null}
      <MeetingForm
        key={failed ? "retry" : "fresh"}
        values={values}
        checkedAttendees={failed ? failed.attendeeIds : (proposal?.attendeeIds ?? [])}
        checkedIssues={failed ? failed.agendaIssueIds : (proposal?.agendaIssueIds ?? [])}
        errors={failed ? failed.errors : {}}
        choices={{ ...options, previous }}
        allowVendors={target.scope.wgId !== null}
      />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
