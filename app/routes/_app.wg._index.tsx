import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listWorkingGroups } from "~/models/project.server";
import { useT, pageTitle } from "~/utils/i18n";
import { requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "wg.list");
  return json({ wgs: await listWorkingGroups({ viewer }) });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.wgs") }];

export default function WorkingGroups() {
  const { wgs } = useLoaderData<typeof loader>();
  const t = useT();
  const byProject = new Map<string, typeof wgs>();
  for (const wg of wgs) byProject.set(wg.projectName, [...(byProject.get(wg.projectName) ?? []), wg]);
  return (
    <div className="page">
      <h1>{t("wg.list")}</h1>
      {wgs.length === 0 ? <p className="muted">{t("wg.none")}</p> : null}
      {[...byProject].map(([projectName, list]) => (
        <section key={projectName} className="card">
          <h2>{projectName}</h2>
          <ul className="link-list">
            {list.map((wg) => (
              <li key={wg.id}>
                <Link to={`/wg/${wg.id}`}>{wg.name}</Link>
                {wg.description ? <span className="muted">{wg.description}</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
