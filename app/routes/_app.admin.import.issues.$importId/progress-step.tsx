// Step 4: the progress bar while the import runs (the page refreshes itself, with or without
// JavaScript), then the counts and a link to the WG's list of what was imported.
import { Link, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { useT } from "~/utils/i18n";
import type { ImportJob } from "./types";

const POLL_MS = 1000;

export function ProgressStep({ job }: { job: ImportJob }) {
  const t = useT();
  const { revalidate, state } = useRevalidator();
  const running = job.state === "running";
  useEffect(() => {
    if (!running || state !== "idle") return;
    const timer = setTimeout(revalidate, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, state, revalidate, job.done]);
  if (running) {
    return (
      <section className="card" aria-labelledby="import-running">
        <h2 id="import-running">{t("issueImport.runningTitle")}</h2>
        {/* Without JavaScript the page reloads itself. */}
        <noscript>
          <meta httpEquiv="refresh" content="2" />
        </noscript>
        <progress className="import-progress" value={job.done} max={Math.max(job.total, 1)} aria-labelledby="import-progress-label" />
        <p id="import-progress-label" role="status">
          {t("issueImport.progressLabel")}: {t("issueImport.progress", { done: job.done.toLocaleString("ja-JP"), total: job.total.toLocaleString("ja-JP") })}
        </p>
        <p className="muted">{t("issueImport.runningLead")}</p>
      </section>
    );
  }
  if (job.state === "done") {
    return (
      <section className="card" aria-labelledby="import-done">
        <h2 id="import-done">{t("issueImport.doneTitle")}</h2>
        <progress className="import-progress" value={1} max={1} aria-label={t("issueImport.progressLabel")} />
        <p role="status">
          {t("issueImport.doneSummary", {
            issues: job.done.toLocaleString("ja-JP"),
            first: job.firstNumber ?? "",
            last: job.lastNumber ?? "",
            comments: job.comments.toLocaleString("ja-JP"),
            history: job.history.toLocaleString("ja-JP"),
            wg: job.wgName,
          })}
        </p>
        <div className="form-actions">
          <Link to={`/wg/${job.wgId}/issues?import=${job.id}&status=all&sort=number&dir=asc`} className="button primary">
            {t("issueImport.doneList")}
          </Link>
          <Link to={`/admin/import?wg=${job.wgId}`} className="button">
            {t("issueImport.another")}
          </Link>
        </div>
      </section>
    );
  }
  // Uploaded or failed, and its file is gone (a day passed).
  return (
    <section className="card">
      <p>{t("issueImport.fileGone")}</p>
      <Link to={`/admin/import?wg=${job.wgId}`} className="button">
        {t("issueImport.another")}
      </Link>
    </section>
  );
}
