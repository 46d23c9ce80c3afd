import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ApprovalBadge, DecisionStatusBadge, StanceBadge } from "~/components/decision-ui";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StatusBadge } from "~/components/issue-list";
import { WatchButton } from "~/components/watch-button";
import { watchState } from "~/models/watching.server";
import type { MessageKey } from "~/i18n";
import { checkFiles } from "~/models/attachment.server";
import {
  addDecisionComment,
  APPROVALS,
  canManage,
  decisionComments,
  findDecision,
  followUpProgress,
  getDecision,
  linkIssue,
  parseStanceForm,
  recordStance,
  setReviewDate,
  STANCES,
  startConsultation,
  unlinkIssue,
  withdrawDecision,
  type Refusal,
} from "~/models/decision.server";
import { formatDate, formatDateTime, formatDay } from "~/utils/dates";
import { badRequest, uploadStatus } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { renderMarkdown } from "~/utils/markdown.server";
import { filesOf, readUploadForm } from "~/utils/request-body.server";
import { parseId } from "~/utils/params";
import { can } from "~/policy/permissions";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";
import { parseCommentForm } from "~/models/comment.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const decision = await getDecision({ viewer, id: parseId(params.decisionId) });
  if (!decision) notFound();
  const html = (markdown: string) => (markdown.trim() ? renderMarkdown(markdown) : "");
  return json({
    decision: {
      ...decision,
      html: { body: html(decision.body), rationale: html(decision.rationale), options: html(decision.optionsConsidered) },
      progress: followUpProgress(decision.followUps),
    },
    comments: (await decisionComments({ viewer, decisionId: decision.id })).map((c) => ({ ...c, html: renderMarkdown(c.body) })),
    canComment: can(viewer, "comment.create", { wgId: decision.wgId, vendorVisible: decision.vendorVisible }),
    canInternal: can(viewer, "comment.createInternal", { wgId: decision.wgId }),
    seeStances: can(viewer, "stance.read"),
    watch: await watchState(viewer, "decision", decision.id),
    manage: canManage(viewer, decision),
    draft: can(viewer, "decision.draft"),
    // The towns this viewer records for (a town admin: their own town).
    recordFor: decision.stances.filter((s) => can(viewer, "stance.record", { wgId: decision.wgId, organizationId: s.organizationId })).map((s) => s.organizationId),
    stanceChoices: STANCES,
    approvalChoices: APPROVALS,
  });
}

const IssueNumber = z.object({ number: z.preprocess((v) => String(v ?? "").normalize("NFKC").replace(/^[#＃]/, ""), z.coerce.number().int().positive()) });

function refusal(result: Refusal) {
  if (result.status === 404) notFound();
  return badRequest({ [result.field]: result.message }, {}, result.status);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const id = parseId(params.decisionId);
  if (!await findDecision(viewer, id)) notFound();
  const { form, tooLarge } = await readUploadForm(request);
  if (tooLarge) return badRequest({ document: "upload.tooLarge" }, {}, 413);
  const actor = actorOf(context);
  const intent = form.get("intent");
  let result: { ok: true } | Refusal;
  if (intent === "stance") {
    const { data, errors } = parseStanceForm(form);
    if (!data) return badRequest(errors, { stanceFor: Number(form.get("organizationId")) || null });
    const files = filesOf(form, "document");
    const checked = await checkFiles(files);
    if (!checked.ok) return badRequest({ document: checked.error }, { stanceFor: data.organizationId }, uploadStatus(checked.error));
    const recorded = await recordStance({ viewer, actor, id, input: data, file: checked.files[0] });
    if (!recorded.ok) return refusal(recorded);
    return json({ ok: true as const, errors: {}, message: (recorded.decided ? "decisions.nowDecided" : "decisions.stanceSaved") as MessageKey });
  }
  if (intent === "comment") {
    const { data, errors } = parseCommentForm(form);
    if (!data) return badRequest(errors);
    result = await addDecisionComment({ viewer, actor, id, body: data.body, internal: data.internal });
  } else if (intent === "consult") result = await startConsultation({ viewer, actor, id });
  else if (intent === "withdraw") result = await withdrawDecision({ viewer, actor, id, reason: String(form.get("reason") ?? "") });
  else if (intent === "review") {
    const value = String(form.get("reviewOn") ?? "").trim();
    result = await setReviewDate({ viewer, actor, id, reviewOn: value || null });
  } else if (intent === "link" || intent === "unlink") {
    const relation = form.get("relation") === "related" ? "related" : "follow_up";
    const parsed = IssueNumber.safeParse(Object.fromEntries(form));
    if (!parsed.success) return badRequest({ number: "decisions.issuesInvalid" }, { relation });
    result = intent === "link" ? await linkIssue({ viewer, actor, id, number: parsed.data.number, relation }) : await unlinkIssue({ viewer, actor, id, number: parsed.data.number });
    if (!result.ok && result.field === "number") return badRequest({ number: result.message }, { relation });
  } else return badRequest({ form: "error.badRequest.body" });
  if (!result.ok) return refusal(result);
  return json({ ok: true as const, errors: {}, message: "decisions.saved" as MessageKey });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? pageTitle(matches, "titles.decision", { number: data.decision.number, title: data.decision.title }) : "Renkei" }];

type ActionData = { ok: boolean; errors: Partial<Record<string, MessageKey>>; message?: MessageKey; stanceFor?: number | null; relation?: string };

export default function DecisionPage() {
  const { decision, seeStances, manage, draft, recordFor, watch } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const t = useT();
  const locale = useLocale();
  const editable = decision.status === "起案" || decision.status === "協議中";
  return (
    <div className="page decision-page">
      <p className="breadcrumb">
        <Link to="/decisions">{t("decisions.title")}</Link>
      </p>
      <div className="page-header">
        <h1>
          <span className="muted">{decision.number}</span> {decision.title}
        </h1>
        <div className="actions">
          <WatchButton {...watch} />
          {manage && editable ? (
            <Link to="edit" className="button">
              {t("decisions.edit")}
            </Link>
          ) : null}
          {draft && decision.status === "決定" && !decision.revision ? (
            <Link to={`/decisions/new?supersedes=${decision.id}`} className="button">
              {t("decisions.revise")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="issue-badges">
        <DecisionStatusBadge status={decision.status} />
        <span className="muted">
          {decision.projectName}
          {decision.wgName ? ` ／ ${decision.wgName}` : ""}
        </span>
        {decision.vendorVisible ? <span className="badge shared">{t("decisions.shared")}</span> : null}
      </p>
      {result?.message ? (
        <p className="flash" role="status">
          {t(result.message)}
        </p>
      ) : null}
      {result?.errors?.form ? (
        <p className="form-error" role="alert">
          {t(result.errors.form)}
        </p>
      ) : null}
      <Banners decision={decision} />
      <div className="grid two wide-first">
        <div className="stack">
          <article className="card">
            <h2 className="card-title">{t("decisions.body")}</h2>
            {decision.html.body ? <div className="markdown" dangerouslySetInnerHTML={{ __html: decision.html.body }} /> : <p className="muted">—</p>}
            {decision.html.rationale ? (
              <>
                <h3>{t("decisions.rationale")}</h3>
                <div className="markdown" dangerouslySetInnerHTML={{ __html: decision.html.rationale }} />
              </>
            ) : null}
            {decision.html.options ? (
              <>
                <h3>{t("decisions.options")}</h3>
                <div className="markdown" dangerouslySetInnerHTML={{ __html: decision.html.options }} />
              </>
            ) : null}
            <p className="muted small">
              {t("decisions.createdBy")}: {decision.creatorName}・{formatDateTime(decision.createdAt, locale)}
            </p>
          </article>
          {seeStances ? <Consensus recordFor={recordFor} result={result} /> : null}
          {seeStances ? <History /> : null}
          <Discussion errors={result?.errors ?? {}} />
        </div>
        <aside className="stack">
          <Facts />
          {manage && decision.status === "起案" ? (
            <Form method="post" className="card">
              <p className="small">{t("decisions.consultHint")}</p>
              <button type="submit" name="intent" value="consult" className="button primary">
                {t("decisions.consult")}
              </button>
            </Form>
          ) : null}
          <IssueLinks kind="follow_up" />
          <IssueLinks kind="related" />
          {manage && (editable || decision.status === "決定") ? <Withdraw error={result?.errors?.reason} /> : null}
        </aside>
      </div>
    </div>
  );
}

function useDecision() {
  return useLoaderData<typeof loader>();
}

function Banners({ decision }: { decision: ReturnType<typeof useDecision>["decision"] }) {
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

function Consensus({ recordFor, result }: { recordFor: number[]; result?: ActionData }) {
  const { decision } = useDecision();
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
      </p>
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
      {decision.status === "協議中"
        ? decision.stances
            .filter((s) => recordFor.includes(s.organizationId))
            .map((s) => <StanceForm key={s.organizationId} stance={s} errors={result?.stanceFor === s.organizationId ? result.errors : {}} />)
        : null}
    </section>
  );
}

function StanceForm({ stance, errors }: { stance: ReturnType<typeof useDecision>["decision"]["stances"][number]; errors: Partial<Record<string, MessageKey>> }) {
  const { stanceChoices, approvalChoices } = useDecision();
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
          {stanceChoices.map((choice) => (
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
            {approvalChoices.map((a) => (
              <option key={a} value={a}>
                {t(`approval.${a}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div className={errors.approvedOn ? "field has-error" : "field"}>
          <label htmlFor={`${prefix}-approvedOn`}>{t("decisions.approvedOnField")}</label>
          <input id={`${prefix}-approvedOn`} type="date" name="approvedOn" defaultValue={stance.approvedOn ?? ""} aria-invalid={errors.approvedOn ? true : undefined} />
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

function History() {
  const { decision } = useDecision();
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

function Discussion({ errors }: { errors: Partial<Record<string, MessageKey>> }) {
  const { comments, canComment, canInternal } = useDecision();
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "comment";
  return (
    <section className="card" aria-labelledby="discussion">
      <h2 id="discussion" className="card-title">
        {t("decisions.discussion")}
      </h2>
      {comments.length === 0 ? <p className="muted small">{t("decisions.discussionNone")}</p> : null}
      <ol className="decision-comments">
        {comments.map((c) => (
          <li key={c.id} className={c.internal ? "comment internal" : "comment"}>
            <p className="small muted">
              <strong>{c.authorName}</strong>（{c.authorOrganization}）・{formatDateTime(c.at, locale)}
              {c.internal ? <span className="badge internal">{t("comments.internalBadge")}</span> : null}
            </p>
            <div className="markdown" dangerouslySetInnerHTML={{ __html: c.html }} />
          </li>
        ))}
      </ol>
      {canComment ? (
        <Form method="post" className="stack" key={busy ? "sending" : comments.length}>
          <input type="hidden" name="intent" value="comment" />
          <div className={errors.body ? "field has-error" : "field"}>
            <label htmlFor="decision-comment">{t("decisions.commentAdd")}</label>
            <textarea id="decision-comment" name="body" rows={3} maxLength={20000} aria-invalid={errors.body ? true : undefined} />
            {errors.body ? (
              <p className="field-error" role="alert">
                {t(errors.body)}
              </p>
            ) : null}
          </div>
          {canInternal ? (
            <div className="field checkbox">
              <input id="decision-comment-internal" type="checkbox" name="internal" />
              <label htmlFor="decision-comment-internal">{t("comments.internal")}</label>
            </div>
          ) : null}
          <button type="submit" className="button primary" disabled={busy}>
            {t("decisions.commentSend")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function Facts() {
  const { decision, manage } = useDecision();
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
      {manage && decision.status === "決定" ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="review" />
          <label htmlFor="reviewOn" className="small">
            {t("decisions.setReview")}
          </label>
          <input id="reviewOn" type="date" name="reviewOn" defaultValue={decision.reviewOn ?? ""} aria-invalid={reviewError ? true : undefined} />
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

function IssueLinks({ kind }: { kind: "follow_up" | "related" }) {
  const { decision, manage } = useDecision();
  const result = useActionData<ActionData>();
  const t = useT();
  const locale = useLocale();
  const issues = kind === "follow_up" ? decision.followUps : decision.related;
  const canLink = manage && (kind === "follow_up" ? decision.status !== "改定" && decision.status !== "取下げ" : decision.status === "起案" || decision.status === "協議中");
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
              {canLink && (kind === "follow_up" || decision.status !== "決定") ? (
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

function Withdraw({ error }: { error?: MessageKey }) {
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

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
