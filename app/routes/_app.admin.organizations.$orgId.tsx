import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { deleteOrganization, getOrganization, parseOrganizationForm, updateOrganization } from "~/models/organization-admin.server";
import { DeleteSection } from "~/components/row-controls";
import type { MessageKey } from "~/i18n";
import { answer, badRequest, submittedValues } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { readForm } from "~/utils/request-body.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { OrganizationForm } from "~/components/organization-form";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const result = await getOrganization({ viewer, organizationId: parseId(params.orgId) });
  if (!result.ok) throw answer(result);
  return json({ organization: result.organization });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const organizationId = parseId(params.orgId);
  const form = await readForm(request);
  if (form.get("intent") === "delete") {
    const deleted = await deleteOrganization({ viewer, actor: actorOf(context), organizationId });
    return deleted.ok ? redirect("/admin/organizations") : answer(deleted, { intent: "delete" as const });
  }
  const { data, errors } = parseOrganizationForm(form);
  if (!data) return badRequest(errors, { values: submittedValues(form) });
  const result = await updateOrganization({ viewer, actor: actorOf(context), organizationId, input: data });
  if (!result.ok) return answer(result, { values: submittedValues(form) });
  return json({ ok: true as const });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.adminOrganization", { name: data?.organization.name ?? "" }) }];

export default function EditOrganization() {
  const { organization } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <div className="grid two wide-first">
      <section className="card">
        <p className="breadcrumb">
          <Link to="/admin/organizations">{t("structure.orgs.title")}</Link>
        </p>
        <h1>
          {organization.name} <span className="badge">{t(`structure.kind.${organization.kind}`)}</span>
        </h1>
        {result && "intent" in result ? null : result?.ok ? (
          <p className="flash" role="status">
            {t("structure.orgs.updated")}
          </p>
        ) : result ? (
          <p className="form-error" role="alert">
            {t("common.fixErrors")}
          </p>
        ) : null}
        <OrganizationForm
          key={JSON.stringify(organization)}
          values={result && !result.ok && "values" in result ? result.values : organization}
          errors={result && !result.ok && !("intent" in result) ? result.errors : {}}
          submitLabel={t("common.save")}
        />
      </section>
      <aside className="stack">
        <section className="card">
          <h2>{t("structure.orgs.users")}</h2>
          <p>
            {t("structure.orgs.userCount", { count: organization.activeUsers })}
            {organization.inactiveUsers > 0 ? <span className="muted">（{t("structure.orgs.inactiveCount", { count: organization.inactiveUsers })}）</span> : null}
          </p>
          <p>
            <Link to={`/admin/users?org=${organization.id}`}>{t("structure.orgs.showUsers")}</Link>
          </p>
        </section>
        <section className="card">
          <h2>{t("structure.orgs.projects")}</h2>
          {organization.projects.length === 0 ? (
            <p className="muted">{t("structure.orgs.noProjects")}</p>
          ) : (
            <ul className="link-list">
              {organization.projects.map((p) => (
                <li key={p.id}>
                  <Link to={`/admin/projects/${p.id}`}>{p.name}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <DeleteSection
          title={t("deletion.org.title")}
          explain={t("deletion.org.explain")}
          error={result && "intent" in result && !result.ok && result.errors.form ? t(result.errors.form as MessageKey) : undefined}
          confirm={t("deletion.org.confirm", { name: organization.name })}
          button={t("deletion.org.submit")}
        />
      </aside>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
