// The consultation on the decision page: the tally, each town's stance and approval, the stance
// forms of the towns the viewer records for, and the history of every change.
import { DateInput } from "~/components/forms";
import { Form, useNavigation } from "@remix-run/react";
import { ApprovalBadge, StanceBadge } from "~/components/decision-ui";
import { APPROVALS, STANCES } from "~/domain/decision";
import type { FieldErrors } from "~/domain/result";
import type { MessageKey } from "~/i18n";
import { formatDateTime, formatDay } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import type { ActionData, DecisionView } from "./types";

/** The tally, each town's stance, and the stance forms of the towns the viewer records for. */
export function Consensus({ decision, recordFor, result }: { decision: DecisionView; recordFor: number[]; result?: ActionData }) {
  const t = useT();
  const locale = useLocale();
  const { tally } = decision;
  const names = (ids: number[]) => ids.map((id) => decision.stances.find((s) => s.organizationId === id)?.organizationName).join("、");
  return (
    <section className="card" aria-labelledby="consensus">
      <h2 id="consensus" className="card-title">
        {t("decisions.stances")}
      </h2>
      <p className="small muted">
        {t("decisions.ruleUsed")}: {t(`decisions.rule.${tally.rule}` as MessageKey)}
        {tally.approvalRequired ? `／${t("decisions.approvalRequired")}` : null}
      </p>
      {decision.status === "協議中" && tally.awaitingApproval.length ? (
        <p className="missing-towns" role="note">
          {t("decisions.awaitingApproval", { towns: names(tally.awaitingApproval) })}
        </p>
      ) : null}
      {decision.status === "起案" ? (
        <p>{t("decisions.notConsultedYet")}</p>
      ) : (
        <div className="tally">
          <p className="tally-line">
            <meter min={0} max={tally.total || 1} value={tally.agreeing} aria-hidden="true" />
            <strong>{t("decisions.tally", { total: tally.total, agreeing: tally.agreeing, required: tally.required })}</strong>
          </p>
          {decision.decidedAt ? <p className="ok-text">{t("decisions.decidedOn", { date: formatDay(decision.decidedAt, locale) })}</p> : null}
          {decision.status === "協議中" ? (
            tally.missing.length ? (
              <p className="missing-towns" role="note">
                {t("decisions.missingTowns", { towns: names(tally.missing) })}
              </p>
            ) : (
              <p className="muted">{t("decisions.allAnswered")}</p>
            )
          ) : null}
          {decision.status === "協議中" && tally.holding.length ? <p className="holding-towns">{t("decisions.holdingTowns", { towns: names(tally.holding) })}</p> : null}
        </div>
      )}
      <div className="table-wrap">
        <table className="table stance-table">
          <thead>
            <tr>
              <th scope="col">{t("decisions.col.town")}</th>
              <th scope="col">{t("decisions.col.stance")}</th>
              <th scope="col">{t("decisions.col.comment")}</th>
              <th scope="col">{t("decisions.col.approval")}</th>
              <th scope="col">{t("decisions.col.recorded")}</th>
            </tr>
          </thead>
          <tbody>
            {decision.stances.map((s) => (
              <tr key={s.organizationId} data-town={s.organizationName}>
                <th scope="row">{s.organizationName}</th>
                <td>
                  <StanceBadge stance={s.stance} />
                </td>
                <td className="pre-wrap">{s.comment || "—"}</td>
                <td>
                  <ApprovalBadge approval={s.approval} approvedOn={s.approvedOn} />
                  {s.attachmentId ? (
                    <div className="small">
                      <a href={`/attachments/${s.attachmentId}`}>{t("decisions.document")}</a>
                    </div>
                  ) : null}
                </td>
                <td className="small muted">{s.recordedAt ? `${s.recordedByName}・${formatDateTime(s.recordedAt, locale)}` : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {decision.stances
        .filter((s) => recordFor.includes(s.organizationId))
        .map((s) => (
          <StanceForm key={s.organizationId} stance={s} errors={result?.stanceFor === s.organizationId ? result.errors : {}} />
        ))}
    </section>
  );
}

function StanceForm({ stance, errors }: { stance: DecisionView["stances"][number]; errors: FieldErrors }) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "stance";
  const err = (name: string) => (errors[name] ? t(errors[name]!) : null);
  const prefix = `stance-${stance.organizationId}`;
  return (
    <Form method="post" encType="multipart/form-data" className="stance-form" aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>{t(stance.recordedAt ? "decisions.changeStance" : "decisions.recordStance", { town: stance.organizationName })}</h3>
      <input type="hidden" name="intent" value="stance" />
      <input type="hidden" name="organizationId" value={stance.organizationId} />
      <fieldset className={errors.stance ? "field has-error" : "field"}>
        <legend>{t("decisions.stanceField")}</legend>
        <div className="stance-choices">
          {STANCES.map((choice) => (
            <label key={choice} className={`choice stance-choice stance-${choice}`}>
              <input type="radio" name="stance" value={choice} defaultChecked={stance.stance === choice} />
              {t(`stance.${choice}` as MessageKey)}
            </label>
          ))}
          <label className="choice stance-choice">
            <input type="radio" name="stance" value="" defaultChecked={stance.stance === null} />
            {t("decisions.stanceNone")}
          </label>
        </div>
        {err("stance") ? (
          <p className="field-error" role="alert">
            {err("stance")}
          </p>
        ) : null}
      </fieldset>
      <div className={errors.comment ? "field has-error" : "field"}>
        <label htmlFor={`${prefix}-comment`}>{t("decisions.commentField")}</label>
        <textarea id={`${prefix}-comment`} name="comment" rows={3} defaultValue={stance.comment} aria-describedby={`${prefix}-comment-hint`} aria-invalid={errors.comment ? true : undefined} maxLength={2000} />
        <p className="field-hint" id={`${prefix}-comment-hint`}>
          {t("decisions.commentHint")}
        </p>
        {err("comment") ? (
          <p className="field-error" role="alert">
            {err("comment")}
          </p>
        ) : null}
      </div>
      <div className="grid two">
        <div className={errors.approval ? "field has-error" : "field"}>
          <label htmlFor={`${prefix}-approval`}>{t("decisions.approvalField")}</label>
          <select id={`${prefix}-approval`} name="approval" defaultValue={stance.approval}>
            {APPROVALS.map((a) => (
              <option key={a} value={a}>
                {t(`approval.${a}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className={errors.approvedOn ? "field has-error" : "field"}>
          <label htmlFor={`${prefix}-approvedOn`}>{t("decisions.approvedOnField")}</label>
          <DateInput id={`${prefix}-approvedOn`} name="approvedOn" defaultValue={stance.approvedOn ?? ""} aria-invalid={errors.approvedOn ? true : undefined} />
          {err("approvedOn") ? (
            <p className="field-error" role="alert">
              {err("approvedOn")}
            </p>
          ) : null}
        </div>
      </div>
      <div className={errors.document ? "field has-error" : "field"}>
        <label htmlFor={`${prefix}-document`}>{t("decisions.documentField")}</label>
        <input id={`${prefix}-document`} type="file" name="document" />
        {err("document") ? (
          <p className="field-error" role="alert">
            {err("document")}
          </p>
        ) : null}
      </div>
      <button type="submit" className="button primary" disabled={busy}>
        {t("decisions.recordSave")}
      </button>
    </Form>
  );
}

export function History({ decision }: { decision: DecisionView }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="stance-history">
      <h2 id="stance-history" className="card-title">
        {t("decisions.history")}
      </h2>
      {decision.history.length === 0 ? (
        <p className="muted">{t("decisions.historyNone")}</p>
      ) : (
        <ol className="stance-history">
          {decision.history.map((h) => (
            <li key={h.id}>
              <time className="muted small">{formatDateTime(h.at, locale)}</time> <strong>{h.organizationName}</strong> <StanceBadge stance={h.stance} />{" "}
              <ApprovalBadge approval={h.approval} approvedOn={h.approvedOn} />
              <span className="muted small">（{h.recordedByName}）</span>
              {h.comment ? <div className="pre-wrap small">{h.comment}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
