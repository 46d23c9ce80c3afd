import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { createProject, listProjectsForAdmin, parseProjectForm } from "~/models/project-admin.server";
import { formatDate } from "~/utils/dates";
import { answer, badRequest, submittedValues } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { ProjectFields } from "~/components/project-fields";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const result = await listProjectsForAdmin({ viewer });
  if (!result.ok) throw answer(result);
  return json({ projects: result.projects });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const form = await readForm(request);
  const { data, errors } = parseProjectForm(form);
  if (!data) return badRequest(errors, { values: submittedValues(form) });
  const result = await createProject({ viewer, actor: actorOf(context), input: data });
  if (!result.ok) return answer(result, { values: submittedValues(form) });
  // Towns, milestones and WGs are set on the new project's page.
  return redirect(`/admin/projects/${result.projectId}`);
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminProjects") }];

export default function AdminProjects() {
  const { projects } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <div className="page-header">
        <h1>{t("structure.projects.title")}</h1>
        <a href="#new-project" className="button primary">
          {t("structure.projects.new")}
        </a>
      </div>
      <p>{t("structure.projects.lead")}</p>
      {projects.length === 0 ? (
        <p className="muted">{t("structure.projects.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("structure.projects.name")}</th>
                <th scope="col">{t("structure.projects.phase")}</th>
                <th scope="col">{t("structure.projects.period")}</th>
                <th scope="col" className="num">
                  {t("structure.projects.townCount")}
                </th>
                <th scope="col" className="num">
                  {t("structure.projects.wgCount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {projects.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/admin/projects/${p.id}`}>{p.name}</Link>
                  </td>
                  <td>
                    <span className="badge">{t(`phase.${p.phase}`)}</span>
                  </td>
                  <td>
                    {p.startsOn || p.endsOn ? (
                      <>
                        <span className="nowrap">{formatDate(p.startsOn, locale)}</span> 〜 <span className="nowrap">{formatDate(p.endsOn, locale)}</span>
                      </>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="num">{t("structure.projects.countTowns", { count: p.townCount })}</td>
                  <td className="num">{t("structure.projects.countWgs", { count: p.wgCount })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="card narrow" id="new-project" aria-labelledby="new-project-title">
        <h2 id="new-project-title">{t("structure.projects.new")}</h2>
        {result ? (
          <p className="form-error" role="alert">
            {t("common.fixErrors")}
          </p>
        ) : null}
        <Form method="post" noValidate className="form-grid">
          <ProjectFields values={result?.values} errors={result?.errors ?? {}} />
          <div className="form-actions">
            <button type="submit" className="button primary">
              {t("structure.projects.new")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
