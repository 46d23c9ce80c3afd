// /setup?token=…: the first setup of a new installation (ADR 023). The token printed at start
// is the credential; once the consortium exists the page is not found, token or not.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { LoginBrand } from "~/components/login-brand";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StandaloneErrorBoundary } from "~/components/error-boundary";
import { NewConsortiumFields } from "~/components/consortium-fields";
import { NewPasswordFields } from "~/components/forms";
import type { MessageKey } from "~/i18n";
import { isSetupToken, SECRETARIAT_KINDS, setupFormSchema, setUpInstallation } from "~/models/installation.server";
import { notFound } from "~/policy/guard.server";
import { createSession } from "~/utils/auth.server";
import { answer, badRequest, parseForm, submittedValues } from "~/utils/forms.server";
import { pageTitle, useT } from "~/utils/i18n";
import { PASSWORD_MIN, withMatchingConfirm } from "~/utils/password-policy";
import { readForm } from "~/utils/request-body.server";
import { DECISION_RULES, LEGAL_FORMS } from "../../db/schema";

const tokenOf = (request: Request) => new URL(request.url).searchParams.get("token") ?? "";

export async function loader({ request }: LoaderFunctionArgs) {
  if (!isSetupToken(tokenOf(request))) notFound();
  // The choices come from the schema, on the server (the schema stays out of the browser bundle).
  const choices = { legalForms: [...LEGAL_FORMS], decisionRules: [...DECISION_RULES], kinds: [...SECRETARIAT_KINDS] };
  // The alternative: start from a consortium's export (ADR 026).
  return json({ ...choices, fromExport: `/setup/import?token=${encodeURIComponent(tokenOf(request))}` }, { headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const token = tokenOf(request);
  if (!isSetupToken(token)) notFound();
  const form = await readForm(request);
  const { data, errors } = parseForm(withMatchingConfirm(setupFormSchema), form);
  if (!data) return badRequest(errors, { values: submittedValues(form) });
  const { password, confirm: _confirm, ...input } = data;
  const result = await setUpInstallation({ token, input, password, ip: context.ip });
  if (!result.ok) return answer(result, { values: submittedValues(form) });
  const { cookie } = await createSession(result.userId, context.secure);
  // Next: the projects and WGs the consortium works in.
  return redirect("/admin/projects", { headers: { "Set-Cookie": cookie } });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.setup") }];

export default function SetupPage() {
  const t = useT();
  const { legalForms, decisionRules, kinds, fromExport } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const values: Record<string, string | boolean> = (result && "values" in result ? result.values : undefined) ?? {};
  const error = (field: string) => (errors[field] ? t(errors[field] as MessageKey, { min: PASSWORD_MIN }) : undefined);
  const value = (field: string, fallback = "") => String(values[field] ?? fallback);
  return (
    <main className="login-page">
      <div className="login-card setup-card card">
        <LoginBrand />
        <h1>{t("setup.title")}</h1>
        <p>{t("setup.lead")}</p>
        <div className="setup-alternative">
          <p>{t("migrate.offerLead")}</p>
          <Link className="button" to={fromExport}>
            {t("migrate.offer")}
          </Link>
        </div>
        {errors.form ? (
          <p className="form-error" role="alert">
            {t(errors.form as MessageKey)}
          </p>
        ) : null}
        <Form method="post" noValidate className="setup-form">
          <NewConsortiumFields
            choices={{ legalForms, decisionRules }}
            kinds={kinds}
            value={value}
            error={error}
            legends={{ consortium: t("setup.consortium"), organization: t("setup.organization"), person: t("setup.person") }}
            personLead={t("setup.personLead")}
            emailLabel={t("setup.email")}
            self
          >
            <NewPasswordFields minLength={PASSWORD_MIN} errors={{ password: error("password"), confirm: error("confirm") }} />
          </NewConsortiumFields>
          <button type="submit" className="button primary wide" disabled={navigation.state === "submitting"}>
            {t("setup.submit")}
          </button>
        </Form>
      </div>
    </main>
  );
}

export { StandaloneErrorBoundary as ErrorBoundary };
