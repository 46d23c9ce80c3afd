import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { isMessageKey, type MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";

const PAGES: Record<number, { title: MessageKey; body: MessageKey }> = {
  400: { title: "error.badRequest.title", body: "error.badRequest.body" },
  403: { title: "error.forbidden.title", body: "error.forbidden.body" },
  404: { title: "error.notFound.title", body: "error.notFound.body" },
};

/** One error page for every route: Japanese text, the status, a way back; never a stack trace. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const t = useT();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const page = PAGES[status] ?? (status >= 400 && status < 500 ? PAGES[400] : undefined);
  // A refusal may say exactly what was wrong (e.g. a body that is not a form).
  const code: unknown = isRouteErrorResponse(error) ? (error.data as { code?: unknown } | null)?.code : undefined;
  const body = typeof code === "string" && isMessageKey(code) ? code : page?.body;
  return (
    <section className="card error-card" role="alert" aria-labelledby="error-title">
      <h1 id="error-title">{t(page?.title ?? "error.unexpected.title")}</h1>
      <p>{t(body ?? "error.unexpected.body")}</p>
      <p className="muted">{t("error.status", { status })}</p>
      <p>
        <Link to="/" className="button">
          {t("common.backHome")}
        </Link>
      </p>
    </section>
  );
}

/** The error boundary of a page outside the app's frame (sign-in, setup, links from mail, print). */
export function StandaloneErrorBoundary() {
  return (
    <main className="error-page">
      <GeneralErrorBoundary />
    </main>
  );
}
