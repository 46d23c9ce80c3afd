import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useOutlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField } from "~/components/forms";
import type { MessageKey } from "~/i18n";
import { createOrganization, listOrganizations, parseOrganizationForm } from "~/models/consortium-admin.server";
import { badRequest, submittedValues } from "~/utils/forms.server";
import { useLocale, useT } from "~/utils/i18n";
import { actorOf, requireAuth, requirePermission } from "~/utils/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  return json({ groups: listOrganizations({ viewer }) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const form = await request.formData();
  const { data, errors } = parseOrganizationForm(form);
  if (!data) return badRequest(errors, { values: submittedValues(form) });
  const result = createOrganization({ viewer, actor: actorOf(context), input: data });
  if (!result.ok) return badRequest({ [result.field]: result.message }, { values: submittedValues(form) });
  return json({ ok: true as const, name: data.name, organizationId: result.organizationId });
}

export const meta: MetaFunction = () => [{ title: "団体の管理 | Renkei" }];

const KINDS = ["municipality", "prefecture", "vendor", "other"] as const;

export type OrganizationFormValues = {
  kind: string;
  name: string;
  nameKana: string;
  lgCode: string | null;
  population: number | string | null;
};

/** The create/edit form for an organization; errors are catalog keys from the action. */
export function OrganizationForm({
  values,
  errors,
  submitLabel,
}: {
  values?: Partial<OrganizationFormValues>;
  errors: Partial<Record<string, string>>;
  submitLabel: string;
}) {
  const t = useT();
  const err = (f: string) => (errors[f] ? t(errors[f] as MessageKey) : undefined);
  return (
    <Form method="post" noValidate className="form-grid">
      <SelectField
        label={t("structure.orgs.kind")}
        name="kind"
        defaultValue={values?.kind ?? "municipality"}
        options={KINDS.map((k) => ({ value: k, label: t(`structure.kind.${k}`) }))}
        error={err("kind")}
      />
      <Field label={t("structure.orgs.name")} name="name" defaultValue={values?.name} required maxLength={100} error={err("name")} />
      <Field
        label={t("structure.orgs.kana")}
        name="nameKana"
        defaultValue={values?.nameKana}
        maxLength={100}
        hint={t("structure.orgs.kanaHint")}
        error={err("nameKana")}
      />
      <Field
        label={t("structure.orgs.lgCode")}
        name="lgCode"
        defaultValue={values?.lgCode ?? ""}
        inputMode="numeric"
        autoComplete="off"
        hint={t("structure.orgs.lgCodeHint")}
        error={err("lgCode")}
      />
      <Field
        label={t("structure.orgs.population")}
        name="population"
        defaultValue={values?.population ?? ""}
        inputMode="numeric"
        autoComplete="off"
        hint={t("structure.orgs.populationHint")}
        error={err("population")}
      />
      <div className="form-actions">
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

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
