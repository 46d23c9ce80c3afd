// The decision page's notices and side column: what it supersedes or was superseded by, its
// dates, its follow-up and related issues, and withdrawal. What is offered comes from `allowed`.
import { DateInput } from "~/components/forms";
import { Form, Link, useActionData } from "@remix-run/react";
import { DecisionStatusBadge } from "~/components/decision-ui";
import { StatusBadge } from "~/components/issue-list";
import type { DecisionActions } from "~/domain/decision";
import type { MessageKey } from "~/i18n";
import { formatDate, formatDay } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import type { ActionData, DecisionView } from "./types";

export function Banners({ decision }: { decision: DecisionView }) {
  const t = useT();
  return (
    <>
      {decision.status === "取下げ" ? (
        <div className="notice warn">
          <strong>{t("decisions.withdrawn")}</strong>
          {decision.withdrawnReason ? <p>{decision.withdrawnReason}</p> : null}
        </div>
      ) : null}
      {decision.supersededBy ? (
        <p className="notice warn">
          <Link to={`/decisions/${decision.supersededBy.id}`}>{t("decisions.superseded", { number: decision.supersededBy.number })}</Link>
        </p>
      ) : null}
      {decision.supersedes ? (
        <p className="notice">
          <Link to={`/decisions/${decision.supersedes.id}`}>{t("decisions.supersedes", { number: decision.supersedes.number })}</Link> {decision.supersedes.title}
        </p>
      ) : null}
      {decision.revision ? (
        <p className="notice">
          <Link to={`/decisions/${decision.revision.id}`}>
            {t("decisions.revisionPending", { number: decision.revision.number, status: t(`decisionStatus.${decision.revision.status}` as MessageKey) })}
          </Link>
        </p>
      ) : null}
    </>
  );
}

export function Facts({ decision, allowed }: { decision: DecisionView; allowed: DecisionActions }) {
  const reviewError = useActionData<ActionData>()?.errors?.reviewOn;
  const t = useT();
  const locale = useLocale();
  const date = (value: string | null) => (value ? formatDate(value, locale) : "—");
  return (
    <section className="card facts-card" aria-label={t("decisions.status")}>
      <dl className="facts">
        <dt>{t("decisions.status")}</dt>
        <dd>
          <DecisionStatusBadge status={decision.status} />
        </dd>
        {decision.status === "協議中" || decision.stanceDueOn ? (
          <>
            <dt>{t("decisions.stanceDue")}</dt>
            <dd>{date(decision.stanceDueOn)}</dd>
          </>
        ) : null}
        {decision.decidedAt ? (
          <>
            <dt>{t("decisions.decidedAt")}</dt>
            <dd>{formatDay(decision.decidedAt, locale)}</dd>
            <dt>{t("decisions.effectiveOn")}</dt>
            <dd>{date(decision.effectiveOn)}</dd>
          </>
        ) : null}
        <dt>{t("decisions.reviewOn")}</dt>
        <dd>{date(decision.reviewOn)}</dd>
        {decision.sourceMeeting ? (
          <>
            <dt>{t("decisions.source")}</dt>
            <dd>
              <Link to={`/meetings/${decision.sourceMeeting.id}${decision.sourceMeeting.noteId ? `#note-${decision.sourceMeeting.noteId}` : ""}`}>
                {t("decisions.sourceMeeting", { title: decision.sourceMeeting.title })}
              </Link>
            </dd>
          </>
        ) : null}
      </dl>
      {allowed.setReview ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="review" />
          <label htmlFor="reviewOn" className="small">
            {t("decisions.setReview")}
          </label>
          <DateInput id="reviewOn" name="reviewOn" defaultValue={decision.reviewOn ?? ""} aria-invalid={reviewError ? true : undefined} />
          <button type="submit" className="button small">
            {t("decisions.save")}
          </button>
          {reviewError ? (
            <span className="field-error" role="alert">
              {t(reviewError)}
            </span>
          ) : null}
        </Form>
      ) : null}
    </section>
  );
}

/** Follow-up actions (フォローアップ) or related issues, and linking more when the decision allows it. */
export function IssueLinks({ decision, allowed, kind }: { decision: DecisionView; allowed: DecisionActions; kind: "follow_up" | "related" }) {
  const result = useActionData<ActionData>();
  const t = useT();
  const locale = useLocale();
  const issues = kind === "follow_up" ? decision.followUps : decision.related;
  const canLink = kind === "follow_up" ? allowed.linkFollowUp : allowed.linkRelated;
  const heading = kind === "follow_up" ? t("decisions.followUps") : t("decisions.related");
  return (
    <section className="card" aria-label={heading}>
      <h2 className="card-title">
        {heading}
        {kind === "follow_up" && issues.length ? <span className="muted small"> {t("decisions.followUpProgress", decision.progress)}</span> : null}
      </h2>
      {kind === "follow_up" && issues.length ? <meter className="follow-meter" min={0} max={decision.progress.total} value={decision.progress.done} aria-hidden="true" /> : null}
      {issues.length === 0 ? (
        <p className="muted small">{kind === "follow_up" ? t("decisions.followUpNone") : t("decisions.relatedNone")}</p>
      ) : (
        <ul className="link-list">
          {issues.map((i) => (
            <li key={i.number}>
              <Link to={`/issues/${i.number}`}>
                #{i.number} {i.title}
              </Link>{" "}
              <StatusBadge status={i.status} />
              {i.assigneeName || i.dueOn ? (
                <span className="muted small">
                  {" "}
                  {i.assigneeName ?? ""} {i.dueOn ? formatDate(i.dueOn, locale) : ""}
                </span>
              ) : null}
              {canLink ? (
                <Form method="post" className="unlink-form">
                  <input type="hidden" name="intent" value="unlink" />
                  <input type="hidden" name="number" value={i.number} />
                  <button type="submit" className="link-button small">
                    {t("decisions.unlink")}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canLink ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="link" />
          <input type="hidden" name="relation" value={kind} />
          <label htmlFor={`link-${kind}`} className="small">
            {t("decisions.linkNumber")}
          </label>
          <input id={`link-${kind}`} name="number" inputMode="numeric" placeholder="#12" size={6} required />
          <button type="submit" className="button small">
            {t("decisions.linkIssue")}
          </button>
          {result?.errors?.number && result.relation === kind ? (
            <span className="field-error" role="alert">
              {t(result.errors.number)}
            </span>
          ) : null}
        </Form>
      ) : null}
      {canLink && kind === "follow_up" && decision.wgId ? (
        <p className="small">
          <Link to={`/issues/new?wg=${decision.wgId}&decision=${decision.id}`}>{t("decisions.newFollowUp")}</Link>
        </p>
      ) : null}
    </section>
  );
}

export function Withdraw({ error }: { error?: MessageKey }) {
  const t = useT();
  return (
    <details className="card danger-zone" open={!!error}>
      <summary>{t("decisions.withdraw")}</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="withdraw" />
        <div className={error ? "field has-error" : "field"}>
          <label htmlFor="withdraw-reason">{t("decisions.withdrawReason")}</label>
          <textarea id="withdraw-reason" name="reason" rows={3} maxLength={2000} aria-invalid={error ? true : undefined} />
          {error ? (
            <p className="field-error" role="alert">
              {t(error)}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button danger">
          {t("decisions.withdrawConfirm")}
        </button>
      </Form>
    </details>
  );
}
