// Inviting a vendor person (事業者) as a guest of one or more WGs: the PMO into any WG, a WG
// lead into the WGs they lead. The one-time link (7 days) is shown here to pass on.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DateField, Field, SelectField } from "~/components/forms";
import { OneTimeLink } from "~/components/user-form";
import { INVITE_DAYS, invitableWorkingGroups, inviteFormSchema, inviteGuest, vendorOrganizations } from "~/models/guest.server";
import { formatDate } from "~/utils/dates";
import { answer, badRequest, parseForm } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const workingGroups = await invitableWorkingGroups(viewer);
  if (!workingGroups.length) notFound();
  const wg = Number(new URL(request.url).searchParams.get("wg")) || null;
  return json({ workingGroups, organizations: await vendorOrganizations(viewer), preselect: workingGroups.some((w) => w.id === wg) ? wg : null, days: INVITE_DAYS });
}

function submitted(form: FormData) {
  return {
    displayName: String(form.get("displayName") ?? ""),
    email: String(form.get("email") ?? ""),
    organizationId: String(form.get("organizationId") ?? ""),
    accessUntil: String(form.get("accessUntil") ?? ""),
    wgIds: form.getAll("wgIds").map(String),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  if (!(await invitableWorkingGroups(viewer)).length) notFound();
  const form = await readForm(request);
  const { data, errors } = parseForm(inviteFormSchema, form);
  if (!data) return badRequest(errors, { values: submitted(form) });
  const result = await inviteGuest({ viewer, actor: actorOf(context), input: data });
  if (!result.ok) return answer(result, { values: submitted(form) });
  return json({
    ok: true as const,
    created: result.created,
    days: INVITE_DAYS,
    addedWgs: result.addedWgIds.length,
    // Set when a WG lead asked for another 契約期間: the PMO's date stays.
    keptAccessUntil: result.accessUntilKept ? { date: result.accessUntil } : null,
    link: result.token ? new URL(`/invite/${result.token}`, request.url).href : null,
  });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminGuestNew") }];

export default function InviteGuest() {
  const { workingGroups, organizations, preselect, days } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  if (result?.ok) {
    return (
      <section className="card narrow">
        <h1>{t("guests.invite")}</h1>
        {result.link ? (
          <OneTimeLink message={t("guests.linkReady", { days: result.days })} url={result.link} />
        ) : (
          <p className="flash" role="status">
            {t("guests.wgsAdded", { count: result.addedWgs })}
          </p>
        )}
        {result.keptAccessUntil ? (
          <p className="flash" role="status">
            {result.keptAccessUntil.date ? t("guests.accessUntilKept", { date: formatDate(result.keptAccessUntil.date, locale) }) : t("guests.accessUntilKeptOpen")}
          </p>
        ) : null}
        <p className="muted small">{t("guests.linkNote")}</p>
        <p>
          <Link to="/admin/guests">{t("guests.title")}</Link>・<Link to="/admin/guests/new" reloadDocument>{t("guests.inviteAnother")}</Link>
        </p>
      </section>
    );
  }
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};
  const values = result && !result.ok ? result.values : undefined;
  const err = (f: string) => (errors[f] ? t(errors[f] as "guests.nameRequired") : undefined);
  const checked = new Set(values?.wgIds ?? (preselect ? [String(preselect)] : []));
  return (
    <section className="card narrow">
      <h1>{t("guests.invite")}</h1>
      <p>{t("guests.inviteLead", { days })}</p>
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t("common.fixErrors")}
        </p>
      ) : null}
      <Form method="post" noValidate className="stack">
        <Field label={t("guests.name")} name="displayName" autoComplete="off" defaultValue={values?.displayName} error={err("displayName")} required />
        <Field label={t("guests.email")} name="email" type="email" autoComplete="off" defaultValue={values?.email} error={err("email")} hint={t("guests.emailHint")} required />
        <SelectField
          label={t("guests.organization")}
          name="organizationId"
          defaultValue={values?.organizationId}
          error={err("organizationId")}
          options={[{ value: "", label: t("guests.chooseOrganization") }, ...organizations.map((o) => ({ value: o.id, label: o.name }))]}
          required
        />
        <fieldset className={errors.wgIds ? "checkbox-group invite-wgs has-error" : "checkbox-group invite-wgs"} aria-describedby={errors.wgIds ? "wgIds-error" : undefined}>
          <legend>{t("guests.wgs")}</legend>
          {workingGroups.map((w) => (
            <div key={w.id} className="checkbox-row">
              <input type="checkbox" id={`wg-${w.id}`} name="wgIds" value={w.id} defaultChecked={checked.has(String(w.id))} />
              <label htmlFor={`wg-${w.id}`}>
                {w.name} <span className="muted small">{w.projectName}</span>
              </label>
            </div>
          ))}
          {errors.wgIds ? (
            <p className="field-error" id="wgIds-error" role="alert">
              {err("wgIds")}
            </p>
          ) : null}
        </fieldset>
        <DateField label={t("guests.accessUntil")} name="accessUntil" defaultValue={values?.accessUntil} error={err("accessUntil")} hint={t("guests.accessUntilHint")} />
        <button type="submit" className="button primary">
          {t("guests.sendInvite")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
