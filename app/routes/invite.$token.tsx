// Accepting an invitation (招待): the invited person sets a first password and lands in the
// consortium, or, already signing in to Renkei, joins and goes on to the sign-in. The link and
// the page look the same to an inviter whichever it is (ADR 029). Unknown, used, revoked and
// expired links all look alike.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { PasswordLinkErrorBoundary, PasswordLinkPage } from "~/components/password-link-page";
import { acceptInvitation, findInvitation } from "~/models/membership.server";
import { createSession } from "~/utils/auth.server";
import { consortiumPath } from "~/utils/consortium-path";
import { badRequest, parseForm } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { newPasswordFields, withMatchingConfirm } from "~/utils/password-policy";
import { readForm } from "~/utils/request-body.server";

const headers = { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" };

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findInvitation(params.token ?? "");
  const invitation = found && { name: found.displayName, consortium: found.consortiumName, wgs: found.wgs, mode: found.mode };
  return json({ invitation }, { status: found ? 200 : 404, headers });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const found = await findInvitation(token);
  if (!found) return badRequest({ form: "guests.acceptInvalid" });
  let password: string | null = null;
  if (found.mode === "setPassword") {
    const { data, errors } = parseForm(withMatchingConfirm(newPasswordFields), await readForm(request));
    if (!data) return badRequest(errors);
    password = data.password;
  }
  const accepted = await acceptInvitation({ token, password, ip: context.ip });
  if (!accepted) return badRequest({ form: "guests.acceptInvalid" });
  const home = consortiumPath(accepted.consortiumId, "/");
  if (!accepted.signedIn) return redirect(`/login?redirectTo=${encodeURIComponent(home)}`);
  const { cookie } = await createSession(accepted.userId, context.secure);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.invitation") }, { name: "referrer", content: "no-referrer" }];

export default function AcceptInvitation() {
  const { invitation } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const intro = invitation ? (
    <>
      <p>{t("invite.lead", { name: invitation.name, consortium: invitation.consortium })}</p>
      {invitation.wgs.length ? <p>{t("invite.wgs", { wgs: invitation.wgs.join("、") })}</p> : null}
    </>
  ) : null;
  if (invitation && invitation.mode !== "setPassword" && !result?.errors?.form) {
    return (
      <main className="login-page">
        <div className="login-card card">
          <h1>{t("guests.acceptTitle")}</h1>
          {intro}
          {invitation.mode === "signIn" ? (
            <Form method="post">
              <p>{t("invite.signIn", { consortium: invitation.consortium })}</p>
              <button type="submit" className="button primary wide">
                {t("invite.signInSubmit")}
              </button>
            </Form>
          ) : (
            <p>{t("invite.passwordByMail")}</p>
          )}
        </div>
      </main>
    );
  }
  return (
    <PasswordLinkPage
      title={t("guests.acceptTitle")}
      valid={!!invitation}
      invalidText={t("guests.acceptInvalid")}
      intro={
        <>
          {intro}
          <p>{t("invite.setPassword")}</p>
        </>
      }
      submitLabel={t("guests.acceptSubmit")}
      errors={result?.errors}
    />
  );
}

export { PasswordLinkErrorBoundary as ErrorBoundary };
