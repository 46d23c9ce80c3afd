// /operator/new: a new consortium, its secretariat organization and its first PMO, who is sent
// an invitation (the link shows here once, for the operator to hand over if the mail is late).
// The page reads the same whether or not the e-mail already signs in to Renkei (ADR 029).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { NewConsortiumFields } from "~/components/consortium-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OneTimeLink } from "~/components/user-form";
import type { MessageKey } from "~/i18n";
import { SECRETARIAT_KINDS } from "~/models/installation.server";
import { INVITE_DAYS } from "~/models/membership.server";
import { createConsortium, newConsortiumSchema } from "~/models/operator.server";
import { requireOperator } from "~/policy/guard.server";
import { answer, badRequest, parseForm, submittedValues } from "~/utils/forms.server";
import { pageTitle, useT } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";
import { DECISION_RULES, LEGAL_FORMS } from "../../db/schema";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOperator(request, context);
  // The choices come from the schema, on the server (the schema stays out of the browser bundle).
  return json({ legalForms: [...LEGAL_FORMS], decisionRules: [...DECISION_RULES], kinds: [...SECRETARIAT_KINDS] });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const account = requireOperator(request, context);
  const form = await readForm(request);
  const { data, errors } = parseForm(newConsortiumSchema, form);
  if (!data) return badRequest(errors, { values: submittedValues(form) });
  const result = await createConsortium({ account, ip: context.ip, input: data });
  if (!result.ok) return answer(result, { values: submittedValues(form) });
  return json(
    { ok: true as const, name: data.consortiumName, email: data.email, days: INVITE_DAYS, link: new URL(`/invite/${result.inviteToken}`, request.url).href },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.operatorNew") }];

export default function NewConsortium() {
  const { legalForms, decisionRules, kinds } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  if (result?.ok) {
    return (
      <section className="card narrow">
        <h1>{t("operator.new.title")}</h1>
        <p className="flash" role="status">
          {t("operator.created", { name: result.name, email: result.email })}
        </p>
        <OneTimeLink message={t("operator.createdLink", { days: result.days })} url={result.link} />
        <p>
          <Link to="/operator">{t("operator.backToList")}</Link>
        </p>
      </section>
    );
  }
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | boolean> = (result && "values" in result ? result.values : undefined) ?? {};
  const error = (field: string) => (errors[field] ? t(errors[field] as MessageKey) : undefined);
  const value = (field: string, fallback = "") => String(values[field] ?? fallback);
  return (
    <section className="card narrow">
      <p className="breadcrumb">
        <Link to="/operator">{t("titles.operator")}</Link>
      </p>
      <h1>{t("operator.new.title")}</h1>
      <p>{t("operator.new.lead")}</p>
      {result ? (
        <p className="form-error" role="alert">
          {t(errors.form ? (errors.form as MessageKey) : "common.fixErrors")}
        </p>
      ) : null}
      <Form method="post" noValidate className="setup-form">
        <NewConsortiumFields
          choices={{ legalForms, decisionRules }}
          kinds={kinds}
          value={value}
          error={error}
          legends={{ consortium: t("operator.new.consortium"), organization: t("operator.new.organization"), person: t("operator.new.pmoHeading") }}
          personLead={t("operator.new.personLead")}
          emailLabel={t("operator.new.email")}
          self={false}
        />
        <div className="actions">
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("operator.new.submit")}
          </button>
          <Link to="/operator" className="button">
            {t("common.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
