// The installation operator's frame (/operator…, ADR 029): the operator may belong to no
// consortium, so these pages stand outside the signed-in app's frame, with a header of their
// own: the operator's e-mail, a way back to their consortium when they have one, sign-out.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, Outlet, useLoaderData } from "@remix-run/react";
import { StandaloneErrorBoundary } from "~/components/error-boundary";
import { requireOperator } from "~/policy/guard.server";
import { Brand } from "~/components/brand";
import { useT } from "~/utils/i18n";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = requireOperator(request, context);
  return json({ email: account.email, consortiumName: context.auth?.user.consortiumName ?? null });
}

export default function OperatorFrame() {
  const { email, consortiumName } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="app-header">
        <div className="app-header-inner operator-header">
          <Brand to="/operator" name={t("operator.nav")} />
          {consortiumName ? (
            // The operator takes part in a consortium too: back to it, as a member.
            <Link to="/" className="operator-back">
              {t("operator.backToConsortium", { name: consortiumName })}
            </Link>
          ) : null}
          <div className="operator-account">
            <span className="user-name">{email}</span>
            <span className="user-meta">{t("operator.signedInAs")}</span>
          </div>
          <Form method="post" action="/logout">
            <button type="submit" className="button small operator-logout">
              {t("nav.logout")}
            </button>
          </Form>
        </div>
      </header>
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </>
  );
}

/** The frame's own refusal (signed in, not the operator: 404) stands alone, as any unknown page. */
export function ErrorBoundary() {
  return <StandaloneErrorBoundary />;
}
