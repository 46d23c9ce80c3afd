// /no-consortium: where someone lands whose last consortium has just gone (suspended by the
// operator, their membership ended): their session has ended, and this says why (requireAuth).
import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { StandaloneErrorBoundary } from "~/components/error-boundary";
import { LoginBrand } from "~/components/login-brand";
import { pageTitle, useT } from "~/utils/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.noConsortium") }];

export default function NoConsortium() {
  const t = useT();
  return (
    <main className="login-page">
      <div className="login-card card">
        <LoginBrand />
        <h1>{t("consortia.noConsortium.title")}</h1>
        <p>{t("consortia.noConsortium.body")}</p>
        <p>
          <Link to="/login" className="button">
            {t("forgot.back")}
          </Link>
        </p>
      </div>
    </main>
  );
}

export { StandaloneErrorBoundary as ErrorBoundary };
