// Accepting an invitation (招待): the vendor person sets a password with the one-time link
// and lands on their guest home. Unknown, used, revoked and expired links all look alike.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { NewPasswordFields } from "~/components/forms";
import { acceptInvitation, findInvitation } from "~/models/guest.server";
import { createSession } from "~/utils/auth.server";
import { badRequest, parseForm } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { newPasswordFields, PASSWORD_MIN, withMatchingConfirm } from "~/utils/password-policy";

export async function loader({ params }: LoaderFunctionArgs) {
  const found = findInvitation(params.token ?? "");
  return json(
    { name: found?.displayName ?? null, wgs: found?.wgs ?? [] },
    { status: found ? 200 : 404, headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { data, errors } = parseForm(withMatchingConfirm(newPasswordFields), await request.formData());
  if (!data) return badRequest(errors);
  const userId = await acceptInvitation({ token: params.token ?? "", password: data.password, ip: context.ip });
  if (!userId) return badRequest({ form: "guests.acceptInvalid" });
  const { cookie } = await createSession(userId, context.secure);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export const meta: MetaFunction = () => [{ title: "招待を受ける | Renkei" }, { name: "referrer", content: "no-referrer" }];

export default function AcceptInvitation() {
  const { name, wgs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const err = (f: string) => (errors[f] ? t(errors[f] as "login.required", { min: PASSWORD_MIN }) : undefined);
  return (
    <main className="login-page">
      <div className="login-card card">
        <h1>{t("guests.acceptTitle")}</h1>
        {!name || errors.form ? (
          <p className="form-error" role="alert">
            {t("guests.acceptInvalid")}
          </p>
        ) : (
          <>
            <p>{t("guests.acceptLead", { name, wgs: wgs.join("、") })}</p>
            <p className="muted small">{t("guests.acceptNote")}</p>
            <Form method="post" noValidate>
              <NewPasswordFields errors={{ password: err("password"), confirm: err("confirm") }} minLength={PASSWORD_MIN} />
              <button type="submit" className="button primary wide">
                {t("guests.acceptSubmit")}
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
