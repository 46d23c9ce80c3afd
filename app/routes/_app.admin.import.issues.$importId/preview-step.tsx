// Step 3: what will be created — the counts, every error at its row and cell, the first rows as
// they will be — and 「N件を取り込む」 when nothing is wrong.
import { Form, Link, useNavigation } from "@remix-run/react";
import { HeadedTable } from "~/components/row-controls";
import type { MessageKey } from "~/i18n";
import { formatDate } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import type { ImportJob, ImportPreview, StepErrors } from "./types";

export function PreviewStep({ job, preview, errors }: { job: ImportJob; preview: ImportPreview; errors: StepErrors }) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const formError = errors.form ? t(errors.form as MessageKey) : undefined;
  const failed = job.state === "failed";
  return (
    <>
      {failed ? (
        <section className="import-failed" role="alert">
          <h2>{t("issueImport.failedTitle")}</h2>
          <p>{t("issueImport.failedLead")}</p>
        </section>
      ) : null}
      <section className="card" aria-labelledby="import-preview">
        <h2 id="import-preview">{t("issueImport.previewTitle")}</h2>
        <p>
          {t("issueImport.previewLead")} {t("issueImport.fileSummary", { source: t(`issueImport.source.${job.source}`), file: job.fileName, rows: preview.rowCount.toLocaleString("ja-JP"), wg: job.wgName })}
        </p>
        <ul className="import-counts">
          <li>{t("issueImport.previewCount", { count: preview.count.toLocaleString("ja-JP") })}</li>
          {preview.errorRows ? <li className="import-error-count">{t("issueImport.previewErrorRows", { count: preview.errorRows.toLocaleString("ja-JP") })}</li> : null}
          <li>{t("issueImport.previewComments", { count: preview.comments.toLocaleString("ja-JP") })}</li>
          <li>{t("issueImport.previewHistory", { count: preview.history.toLocaleString("ja-JP") })}</li>
        </ul>
        {preview.unassigned ? <p className="muted">{t("issueImport.previewUnassigned", { count: preview.unassigned.toLocaleString("ja-JP") })}</p> : null}
      </section>

      {preview.errorCount ? (
        <section className="card import-errors" aria-labelledby="import-errors">
          <h2 id="import-errors">{t("issueImport.errorsTitle", { count: preview.errorCount.toLocaleString("ja-JP") })}</h2>
          <p>{t("issueImport.errorsLead")}</p>
          <HeadedTable className="table" headers={[{ label: t("issueImport.errorLine") }, { label: t("issueImport.errorColumn") }, { label: t("issueImport.errorMessage") }]}>
            {preview.errors.map((e, i) => (
              <tr key={i}>
                <td className="nowrap">{t("issueImport.errorLineValue", { line: e.line })}</td>
                <td className="nowrap">{e.column}</td>
                <td>{e.message.replace(/^\d+行目「[^」]*」: /, "")}</td>
              </tr>
            ))}
          </HeadedTable>
          {preview.errorCount > preview.errors.length ? <p className="muted">{t("issueImport.errorsMore", { count: (preview.errorCount - preview.errors.length).toLocaleString("ja-JP") })}</p> : null}
        </section>
      ) : null}

      {preview.rows.length ? (
        <section className="card" aria-labelledby="import-first-rows">
          <h2 id="import-first-rows">{t("issueImport.firstRows", { count: preview.rows.length })}</h2>
          <HeadedTable className="table import-rows" headers={[{ label: t("issueImport.rowLine") }, { label: t("issueImport.rowTitle") }, { label: t("issueImport.rowType") }, { label: t("issueImport.rowStatus") }, { label: t("issueImport.rowAssignee") }, { label: t("issueImport.rowBall") }, { label: t("issueImport.rowDue") }, { label: t("issueImport.rowTowns") }, { label: t("issueImport.rowComments") }]}>
            {preview.rows.map((r) => (
              <tr key={r.line}>
                <td className="num" data-label={t("issueImport.rowLine")}>
                  {r.line}
                </td>
                <td className="import-row-title">
                  <strong>{r.title}</strong>
                  {r.reference ? <div className="muted small">{r.reference}</div> : null}
                </td>
                <td className="nowrap" data-label={t("issueImport.rowType")}>
                  {t(`type.${r.type}` as MessageKey)}
                </td>
                <td className="nowrap" data-label={t("issueImport.rowStatus")}>
                  {t(`status.${r.status}` as MessageKey)}
                </td>
                <td data-label={t("issueImport.rowAssignee")}>{r.assigneeName ?? (r.unmatchedAssignee ? t("issueImport.unassignedFrom", { name: r.unmatchedAssignee }) : t("issueImport.unassigned"))}</td>
                <td className="nowrap" data-label={t("issueImport.rowBall")}>
                  {r.ballHolderName ?? "—"}
                </td>
                <td className="nowrap" data-label={t("issueImport.rowDue")}>
                  {r.dueOn ? formatDate(r.dueOn, locale) : t("issueImport.noDue")}
                </td>
                <td data-label={t("issueImport.rowTowns")}>{r.townNames.join("、") || "—"}</td>
                <td className="nowrap" data-label={t("issueImport.rowComments")}>
                  {t("issueImport.rowCommentsValue", { comments: r.commentCount, history: r.historyCount })}
                </td>
              </tr>
            ))}
          </HeadedTable>
        </section>
      ) : null}

      <Form method="post" className="form-actions import-run">
        {formError ? (
          <p className="form-error" role="alert">
            {formError}
          </p>
        ) : null}
        {preview.errorCount === 0 && preview.count > 0 ? (
          <>
            <button type="submit" name="intent" value="run" className="button primary" disabled={navigation.state === "submitting"}>
              {failed ? t("issueImport.retry") : t("issueImport.run", { count: preview.count.toLocaleString("ja-JP") })}
            </button>
            <span className="muted small">{t("issueImport.runHint")}</span>
          </>
        ) : null}
        <Link to={`/admin/import/issues/${job.id}?step=map`} className="button">
          {t("issueImport.backToMap")}
        </Link>
      </Form>
    </>
  );
}
