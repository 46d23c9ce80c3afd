import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PasswordLinkErrorBoundary, PasswordLinkPage } from "~/components/password-link-page";
import { consumeResetToken, findResetToken } from "~/models/account.server";
import { createSession } from "~/utils/auth.server";
import { badRequest, parseForm } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { newPasswordFields, withMatchingConfirm } from "~/utils/password-policy";
import { readForm } from "~/utils/request-body.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findResetToken(params.token ?? "");
  return json({ name: found?.displayName ?? null }, { status: found ? 200 : 404, headers: { "Referrer-Policy": "no-referrer" } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { data, errors } = parseForm(withMatchingConfirm(newPasswordFields), await readForm(request));
  if (!data) return badRequest(errors);
  const userId = await consumeResetToken({ token: params.token ?? "", password: data.password, ip: context.ip });
  if (!userId) return badRequest({ form: "setPassword.invalid" });
  const { cookie } = await createSession(userId, context.secure);
  return redirect("/", { headers: { "Set-Cookie": cookie } });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.setPassword") }];

export default function SetPassword() {
  const { name } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  return (
    <PasswordLinkPage
      title={t("setPassword.title")}
      valid={!!name}
      invalidText={t("setPassword.invalid")}
      intro={<p>{t("setPassword.lead", { name: name ?? "" })}</p>}
      submitLabel={t("setPassword.submit")}
      errors={result?.errors}
    />
  );
}

export { PasswordLinkErrorBoundary as ErrorBoundary };
