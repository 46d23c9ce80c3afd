import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listProjects, listWorkingGroups } from "~/models/project.server";
import { useT } from "~/utils/i18n";
import { requireAuth } from "~/utils/session.server";
import { useShell } from "./_app";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const own = new Set(Object.keys(viewer.wgRoles).map(Number));
  return json({
    myWgs: listWorkingGroups({ viewer }).filter((wg) => own.has(wg.id)),
    projects: listProjects({ viewer }),
  });
}

export const meta: MetaFunction = () => [{ title: "ダッシュボード | Renkei" }];

export default function Dashboard() {
  const { myWgs, projects } = useLoaderData<typeof loader>();
  const { user, viewer, sections } = useShell();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("dashboard.title")}</h1>
      <p className="lead">{t("dashboard.hello", { name: user.displayName })}</p>
      {viewer.role === "executive" ? <p>{t("dashboard.execLead")}</p> : null}
      {viewer.organizationKind === "vendor" ? <p>{t("dashboard.guestLead")}</p> : null}
      <div className="grid two">
        {sections.includes("wgs") ? (
          <section className="card" aria-labelledby="my-wgs">
            <h2 id="my-wgs">{t("dashboard.myWgs")}</h2>
            {myWgs.length === 0 ? (
              <p className="muted">{t("dashboard.noWgs")}</p>
            ) : (
              <ul className="link-list">
                {myWgs.map((wg) => (
                  <li key={wg.id}>
                    <Link to={`/wg/${wg.id}`}>{wg.name}</Link>
                    <span className="muted">
                      {wg.projectName}・{t(`wgRole.${viewer.wgRoles[wg.id]}`)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
        {sections.includes("projects") ? (
          <section className="card" aria-labelledby="my-projects">
            <h2 id="my-projects">{t("dashboard.myProjects")}</h2>
            {projects.length === 0 ? (
              <p className="muted">{t("dashboard.noProjects")}</p>
            ) : (
              <ul className="link-list">
                {projects.map((p) => (
                  <li key={p.id}>
                    <Link to={`/projects/${p.id}`}>{p.name}</Link>
                    <span className="badge">{t(`phase.${p.phase}`)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
