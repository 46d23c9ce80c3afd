import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { LoginBrand } from "~/components/login-brand";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { StandaloneErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { signIn } from "~/models/account.server";
import { env } from "~/utils/env.server";
import { DEMO_LOGINS, DEMO_PASSWORD } from "../../db/demo";
import { useT, pageTitle } from "~/utils/i18n";
import { badRequest } from "~/utils/forms.server";
import { readForm } from "~/utils/request-body.server";
import { safeRedirect } from "~/utils/safe-redirect";

export async function loader({ context }: LoaderFunctionArgs) {
  // Signed in already (an operator may be so without a consortium): go home.
  if (context.auth || context.account?.operator) throw redirect("/");
  return json({ demo: env.seedDemo ? { password: DEMO_PASSWORD, logins: DEMO_LOGINS } : null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const email = String(form.get("email") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!email || !password) {
    return badRequest({ ...(email ? {} : { email: "login.required" }), ...(password ? {} : { password: "login.required" }) });
  }
  const result = await signIn({ email, password, ip: context.ip, secure: context.secure });
  if (result.status === "blocked") {
    // The way in that the guesser cannot use: a reset link sent to the account's own e-mail.
    const message = result.throttle === "address" ? ("login.blockedNetwork" as const) : ("login.blockedAccount" as const);
    return json({ ok: false as const, errors: { form: message }, offerResetFor: email }, { status: 429 });
  }
  if (result.status !== "ok") return badRequest({ form: "login.invalid" });
  return redirect(safeRedirect(form.get("redirectTo")), { headers: { "Set-Cookie": result.cookie } });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "login.title") }];

export default function LoginPage() {
  const { demo } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
  const offerResetFor = actionData && "offerResetFor" in actionData ? actionData.offerResetFor : null;
  return (
    <main className="login-page">
      <div className="login-card card">
        <LoginBrand />
        <p className="muted">{t("app.tagline")}</p>
        <h1>{t("login.title")}</h1>
        <p>{t("login.lead")}</p>
        {errors.form ? (
          <p className="form-error" role="alert" id="login-error">
            {t(errors.form as "login.invalid")}
          </p>
        ) : null}
        {offerResetFor ? (
          <Form method="post" action="/forgot-password" className="login-reset">
            <input type="hidden" name="email" value={offerResetFor} />
            <button type="submit" className="button wide">
              {t("login.sendResetLink")}
            </button>
          </Form>
        ) : null}
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
          <Field
            label={t("login.email")}
            name="email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            error={errors.email && t(errors.email as "login.required")}
          />
          <Field
            label={t("login.password")}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            error={errors.password && t(errors.password as "login.required")}
          />
          <button type="submit" className="button primary wide" disabled={navigation.state === "submitting"}>
            {t("login.submit")}
          </button>
        </Form>
        {demo ? (
          <details className="demo-logins">
            <summary>{t("login.demo", { password: demo.password })}</summary>
            <ul>
              {demo.logins.map((l) => (
                <li key={l.email}>
                  <code>{l.email}</code> {l.label}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </div>
    </main>
  );
}

export { StandaloneErrorBoundary as ErrorBoundary };
