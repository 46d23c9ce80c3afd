// Accepting an invitation (招待): the vendor person sets a password with the one-time link
// and lands on their guest home. Unknown, used, revoked and expired links all look alike.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PasswordLinkErrorBoundary, PasswordLinkPage } from "~/components/password-link-page";
import { acceptInvitation, findInvitation } from "~/models/guest.server";
import { createSession } from "~/utils/auth.server";
import { badRequest, parseForm } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { newPasswordFields, withMatchingConfirm } from "~/utils/password-policy";
import { readForm } from "~/utils/request-body.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findInvitation(params.token ?? "");
  return json(
    { name: found?.displayName ?? null, wgs: found?.wgs ?? [] },
    { status: found ? 200 : 404, headers: { "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" } },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { data, errors } = parseForm(withMatchingConfirm(newPasswordFields), await readForm(request));
  if (!data) return badRequest(errors);
  const userId = await acceptInvitation({ token: params.token ?? "", password: data.password, ip: context.ip });
  if (!userId) return badRequest({ form: "guests.acceptInvalid" });
  const { cookie } = await createSession(userId, context.secure);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.invitation") }, { name: "referrer", content: "no-referrer" }];

export default function AcceptInvitation() {
  const { name, wgs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <PasswordLinkPage
      title={t("guests.acceptTitle")}
      valid={!!name}
      invalidText={t("guests.acceptInvalid")}
      intro={
        <>
          <p>{t("guests.acceptLead", { name: name ?? "", wgs: wgs.join("、") })}</p>
          <p className="muted small">{t("guests.acceptNote")}</p>
        </>
      }
      submitLabel={t("guests.acceptSubmit")}
      errors={result?.errors}
    />
  );
}

export { PasswordLinkErrorBoundary as ErrorBoundary };
