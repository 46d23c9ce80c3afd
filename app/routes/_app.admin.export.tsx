// /admin/export: export everything (PMO only; 404 to everyone else, ADR 026). The page says
// what the file holds and what it leaves out; the button downloads /admin/export.zip.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { exportSummary } from "~/models/consortium-export.server";
import { requireAuth, requirePermission } from "~/policy/guard.server";
import { formatDateTime } from "~/utils/dates";
import { answer } from "~/utils/forms.server";
import { pageTitle, useLocale, useT } from "~/utils/i18n";
import { formatBytes } from "~/utils/text";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.export");
  const result = await exportSummary({ viewer });
  if (!result.ok) throw answer(result);
  const { ok: _ok, ...summary } = result;
  return json(summary);
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminExport") }];

const COUNTED = ["users", "issues", "meetings", "decisions", "comments", "reports"] as const;

export default function ExportPage() {
  const { counts, attachmentBytes, recent } = useLoaderData<typeof loader>();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <div className="page-header">
        <h1>{t("export.title")}</h1>
      </div>
      <p>{t("export.lead")}</p>
      <section className="card narrow stack" aria-labelledby="export-holds">
        <div>
          <h2 id="export-holds">{t("export.holds")}</h2>
          <p>{t("export.holdsLead")}</p>
          <dl className="facts">
            {COUNTED.map((key) => (
              <Fragment key={key}>
                <dt>{t(`export.count.${key}`)}</dt>
                <dd className="nowrap">{t("export.countValue", { count: counts[key].toLocaleString(locale) })}</dd>
              </Fragment>
            ))}
            <dt>{t("export.count.attachments")}</dt>
            <dd className="nowrap">{t("export.attachmentsValue", { count: counts.attachments.toLocaleString(locale), size: formatBytes(attachmentBytes) })}</dd>
          </dl>
          <p className="muted">{t("export.alsoHolds")}</p>
        </div>
        <div>
          <h2>{t("export.leftOut")}</h2>
          <p>{t("export.leftOutLead")}</p>
        </div>
        <p className="report-notice warn" role="note">{t("export.careful")}</p>
        <div>
          {/* A plain link: the browser downloads the stream itself (no script, no page change). */}
          <a className="button primary" href="/admin/export.zip" download>
            {t("export.download")}
          </a>
          <p className="field-hint">{t("export.downloadHint")}</p>
        </div>
      </section>
      <section className="card narrow" aria-labelledby="export-recent">
        <h2 id="export-recent">{t("export.recent")}</h2>
        {recent.length === 0 ? (
          <p className="muted">{t("export.recentNone")}</p>
        ) : (
          <ul className="link-list">
            {recent.map((r) => (
              <li key={r.at}>{t("export.recentEntry", { at: formatDateTime(r.at, locale), name: r.actorName ?? (r.byOperator ? t("operator.actor") : "—") })}</li>
            ))}
          </ul>
        )}
        <p className="muted small">{t("export.format")}</p>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
