import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useOutlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OrganizationForm } from "~/components/organization-form";
import type { MessageKey } from "~/i18n";
import { createOrganization, listOrganizations, parseOrganizationForm } from "~/models/organization-admin.server";
import { answer, badRequest, submittedValues } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const result = await listOrganizations({ viewer });
  if (!result.ok) throw answer(result);
  return json({ groups: result.groups });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const form = await readForm(request);
  const { data, errors } = parseOrganizationForm(form);
  if (!data) return badRequest(errors, { values: submittedValues(form) });
  const result = await createOrganization({ viewer, actor: actorOf(context), input: data });
  if (!result.ok) return answer(result, { values: submittedValues(form) });
  return json({ ok: true as const, name: data.name, organizationId: result.organizationId });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminOrganizations") }];

const KINDS = ["municipality", "prefecture", "vendor", "other"] as const;


/** 82,416人: the population as municipal staff write it. */
function usePopulation() {
  const t = useT();
  const locale = useLocale();
  return (population: number | null) =>
    population == null ? "—" : t("structure.orgs.populationValue", { count: population.toLocaleString(locale === "ja" ? "ja-JP" : "en-US") });
}

export default function Organizations() {
  // The edit page (/admin/organizations/:orgId) nests here; it replaces the list.
  const outlet = useOutlet();
  const { groups } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const population = usePopulation();
  if (outlet) return outlet;
  const total = groups.reduce((n, g) => n + g.organizations.length, 0);
  return (
    <>
      <div className="page-header">
        <h1>{t("structure.orgs.title")}</h1>
        <a href="#new-organization" className="button primary">
          {t("structure.orgs.new")}
        </a>
      </div>
      <p>{t("structure.orgs.lead")}</p>
      {result?.ok ? (
        <p className="flash" role="status">
          {t("structure.orgs.created", { name: result.name })}{" "}
          <Link to={`/admin/organizations/${result.organizationId}`}>{t("common.edit")}</Link>
        </p>
      ) : null}
      <p className="muted">{t("structure.orgs.count", { count: total })}</p>
      {groups.map((group) => {
        const isVendor = group.kind === "vendor";
        return (
          <section key={group.kind} className="stack org-group" aria-labelledby={`kind-${group.kind}`}>
            <h2 id={`kind-${group.kind}`}>
              {t(`structure.kind.${group.kind}`)} <span className="muted small">{t("structure.orgs.count", { count: group.organizations.length })}</span>
            </h2>
            {group.organizations.length === 0 ? (
              <p className="muted">{t("structure.orgs.noneOfKind")}</p>
            ) : (
              <div className="table-wrap">
                <table className="table org-table">
                  <thead>
                    <tr>
                      <th scope="col" className="col-name">
                        {t("structure.orgs.name")}
                      </th>
                      <th scope="col" className="col-kana">
                        {t("structure.orgs.kana")}
                      </th>
                      {isVendor ? null : (
                        <th scope="col" className="col-code">
                          {t("structure.orgs.lgCode")}
                        </th>
                      )}
                      {isVendor ? null : (
                        <th scope="col" className="num col-population">
                          {t("structure.orgs.population")}
                        </th>
                      )}
                      <th scope="col" className="num">
                        {t("structure.orgs.users")}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.organizations.map((o) => (
                      <tr key={o.id}>
                        <td>
                          <Link to={`/admin/organizations/${o.id}`}>{o.name}</Link>
                        </td>
                        <td className="muted">{o.nameKana}</td>
                        {isVendor ? null : <td className="code">{o.lgCode ?? "—"}</td>}
                        {isVendor ? null : <td className="num">{population(o.population)}</td>}
                        <td className="num">
                          <Link to={`/admin/users?org=${o.id}`}>{t("structure.orgs.userCount", { count: o.activeUsers })}</Link>
                          {o.inactiveUsers > 0 ? <div className="muted small">{t("structure.orgs.inactiveCount", { count: o.inactiveUsers })}</div> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
      <section className="card narrow" id="new-organization" aria-labelledby="new-organization-title">
        <h2 id="new-organization-title">{t("structure.orgs.new")}</h2>
        {result && !result.ok ? (
          <p className="form-error" role="alert">
            {t("common.fixErrors")}
          </p>
        ) : null}
        <OrganizationForm
          key={result?.ok ? result.organizationId : "new"}
          errors={result && !result.ok ? result.errors : {}}
          values={result && !result.ok ? result.values : undefined}
          submitLabel={t("structure.orgs.new")}
        />
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
