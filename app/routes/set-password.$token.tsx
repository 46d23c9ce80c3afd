import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NewPasswordFields } from "~/components/forms";
import { consumeResetToken, findResetToken } from "~/models/account.server";
import { createSession } from "~/utils/auth.server";
import { badRequest, parseForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { newPasswordFields, PASSWORD_MIN, withMatchingConfirm } from "~/utils/password-policy";

export async function loader({ params }: LoaderFunctionArgs) {
  const found = findResetToken(params.token ?? "");
  return json({ name: found?.displayName ?? null }, { status: found ? 200 : 404, headers: { "Referrer-Policy": "no-referrer" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { data, errors } = parseForm(withMatchingConfirm(newPasswordFields), await request.formData());
  if (!data) return badRequest(errors);
  const userId = await consumeResetToken({ token: params.token ?? "", password: data.password, ip: context.ip });
  if (!userId) return badRequest({ form: "setPassword.invalid" });
  const { cookie } = await createSession(userId, context.secure);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export const meta: MetaFunction = () => [{ title: "パスワードの設定 | Renkei" }];

export default function SetPassword() {
  const { name } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const err = (f: string) => (errors[f] ? t(errors[f] as "login.required", { min: PASSWORD_MIN }) : undefined);
  return (
    <main className="login-page">
      <div className="login-card card">
        <h1>{t("setPassword.title")}</h1>
        {!name || errors.form ? (
          <p className="form-error" role="alert">
            {t("setPassword.invalid")}
          </p>
        ) : (
          <>
            <p>{t("setPassword.lead", { name })}</p>
            <Form method="post" noValidate>
              <NewPasswordFields errors={{ password: err("password"), confirm: err("confirm") }} minLength={PASSWORD_MIN} />
              <button type="submit" className="button primary wide">
                {t("setPassword.submit")}
              </button>
            </Form>
          </>
        )}
      </div>
    </main>
  );
}

export function ErrorBoundary() {
  return (
    <main className="error-page">
      <GeneralErrorBoundary />
    </main>
  );
}
