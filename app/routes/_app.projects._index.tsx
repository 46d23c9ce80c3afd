import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listProjects } from "~/models/project.server";
import { useT, pageTitle } from "~/utils/i18n";
import { requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "project.read");
  return json({ projects: await listProjects({ viewer }) });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.projects") }];

export default function Projects() {
  const { projects } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("nav.projects")}</h1>
      {projects.length === 0 ? <p className="muted">{t("dashboard.noProjects")}</p> : null}
      <div className="grid two">
        {projects.map((p) => (
          <article key={p.id} className="card">
            <h2>
              <Link to={`/projects/${p.id}`}>{p.name}</Link>
            </h2>
            <p>
              <span className="badge">{t(`phase.${p.phase}`)}</span> {t("project.wgs")}: {p.wgCount}
            </p>
            {p.description ? <p className="muted">{p.description}</p> : null}
          </article>
        ))}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
