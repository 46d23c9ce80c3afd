// Asking for a password reset link by e-mail (offered on the sign-in page when sign-in is
// throttled). The answer never tells whether the e-mail address is registered.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { StandaloneErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { requestPasswordReset, resetRequestSchema } from "~/models/account.server";
import { badRequest, parseForm } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";

export async function loader({ context }: LoaderFunctionArgs) {
  if (context.auth) throw redirect("/");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { data, errors } = parseForm(resetRequestSchema, await readForm(request));
  if (!data) return badRequest(errors);
  const result = await requestPasswordReset({ email: data.email, ip: context.ip });
  if (result.status === "limited") return json({ ok: false as const, errors: { form: "forgot.limited" as const } }, { status: 429 });
  return json({ ok: true as const });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "forgot.title") }];

export default function ForgotPasswordPage() {
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};
  return (
    <main className="login-page">
      <div className="login-card card">
        <h1>{t("forgot.title")}</h1>
        {result?.ok ? (
          <p className="flash ok" role="status">
            {t("forgot.sent")}
          </p>
        ) : (
          <>
            <p>{t("forgot.lead")}</p>
            {errors.form ? (
              <p className="form-error" role="alert">
                {t(errors.form as "forgot.limited")}
              </p>
            ) : null}
            <Form method="post" noValidate>
              <Field
                label={t("login.email")}
                name="email"
                type="email"
                autoComplete="username"
                required
                autoFocus
                error={errors.email && t(errors.email as "forgot.emailInvalid")}
              />
              <button type="submit" className="button primary wide">
                {t("forgot.submit")}
              </button>
            </Form>
          </>
        )}
        <p>
          <Link to="/login">{t("forgot.back")}</Link>
        </p>
      </div>
    </main>
  );
}

export { StandaloneErrorBoundary as ErrorBoundary };
