import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MilestoneList } from "~/components/milestone-list";
import { milestoneState } from "~/domain/milestone";
import { getProject } from "~/models/project.server";
import { todayInJapan } from "~/utils/dates";
import { useT, pageTitle } from "~/utils/i18n";
import { can } from "~/policy/permissions";
import { notFound, requireAuth } from "~/policy/guard.server";
import { parseId } from "~/utils/params";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const project = await getProject({ viewer, projectId: parseId(params.projectId) });
  if (!project) notFound();
  return json({ project, today: todayInJapan(), canPlan: can(viewer, "meeting.manage", { wgId: null }) });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.project", { name: data?.project.name ?? "" }) }];

export default function ProjectOverview() {
  const { project, today, canPlan } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/projects">{t("nav.projects")}</Link>
      </p>
      <h1>{project.name}</h1>
      <p>
        {t("project.phase")}: <span className="badge">{t(`phase.${project.phase}`)}</span>
      </p>
      {project.description ? <p>{project.description}</p> : null}
      <p className="actions">
        <Link to={`/projects/${project.id}/board`} className="button primary">
          {t("reports.pmo.open.board")}
        </Link>
        {canPlan ? (
          <Link to={`/meetings/new?project=${project.id}`} className="button">
            {t("meetings.planLiaison")}
          </Link>
        ) : null}
      </p>
      <div className="grid two">
        <section className="card" aria-labelledby="wgs">
          <h2 id="wgs">{t("project.wgs")}</h2>
          <ul className="link-list">
            {project.workingGroups.map((wg) => (
              <li key={wg.id}>
                <Link to={`/wg/${wg.id}`}>{wg.name}</Link>
                <span className="muted">{t("dashboard.members", { count: wg.memberCount })}</span>
              </li>
            ))}
          </ul>
          <h2>{t("project.towns")}</h2>
          <p>{project.towns.map((o) => o.name).join("、")}</p>
        </section>
        <section className="card" aria-labelledby="milestones">
          <h2 id="milestones">{t("project.milestones")}</h2>
          {project.milestones.length === 0 ? <p className="muted">{t("project.noMilestones")}</p> : null}
          <MilestoneList items={project.milestones.map((m) => ({ key: m.id, name: m.name, dueOn: m.dueOn, fixed: m.fixed, state: milestoneState(m, today) }))} />
        </section>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
