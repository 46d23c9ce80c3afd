import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CarryBadge, StatusBadge } from "~/components/issue-list";
import { MeetingKindBadge, MeetingStateBadge } from "~/components/meeting-badges";
import { MeetingTime } from "~/components/meeting-time";
import { StickyBoard } from "./sticky-board";
import { WatchButton } from "~/components/watch-button";
import type { MessageKey } from "~/i18n";
import { CORRECTION_MAX, correctionsOf } from "~/models/meeting-lifecycle.server";
import { getMeeting, meetingAbilities } from "~/models/meeting.server";
import { watchState } from "~/models/watching.server";
import { boardData } from "~/models/sticky-note.server";
import { discussionRulesOf } from "~/models/consortium-settings.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { formatDateTime } from "~/utils/dates";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { badRequest } from "~/utils/forms.server";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";
import { dispatchMeetingIntent, MeetingIntent } from "./intents.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const data = await getMeeting({ viewer, meetingId: parseId(params.meetingId) });
  if (!data) notFound();
  const myTown = data.confirmations.find((c) => c.organizationId === viewer.organizationId)?.organizationName ?? null;
  const board = await boardData({ viewer, meetingId: data.meeting.id });
  if (!board) notFound();
  // The board brings its own notes (live); the minutes' grouping is for the exports.
  const { notes: _notes, columns: _columns, ...page } = data;
  return json({
    ...page,
    can: meetingAbilities(viewer, data.meeting, data.confirmations),
    myTown,
    board,
    corrections: await correctionsOf(viewer, data.meeting.id),
    watch: await watchState(viewer, "meeting", data.meeting.id),
    discussionRules: renderMarkdown(await discussionRulesOf(viewer)),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const meetingId = parseId(params.meetingId);
  const parsed = MeetingIntent.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const message = (parsed.error.issues.find((i) => i.path[0] === "text")?.message ?? "error.badRequest.body") as MessageKey;
    return badRequest({ form: message });
  }
  return dispatchMeetingIntent({ viewer, actor: actorOf(context), meetingId, data: parsed.data });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data ? pageTitle(matches, "titles.meeting", { title: data.meeting.title }) : "Renkei" }];

export default function MeetingPage() {
  const { meeting: m, agenda, attendeesByTown, confirmations, previous, can, myTown, board, corrections, watch, discussionRules } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <div className="page meeting-page">
      <p className="breadcrumb">
        {m.wgId ? (
          <>
            <Link to={`/wg/${m.wgId}`}>{m.wgName}</Link> <Link to={`/wg/${m.wgId}/meetings`}>{t("meetings.title")}</Link>
          </>
        ) : (
          <Link to={`/projects/${m.projectId}`}>{m.projectName}</Link>
        )}
      </p>
      <div className="page-header">
        <h1>{m.title}</h1>
        <div className="actions">
          <WatchButton {...watch} />{" "}
          <a href={`/meetings/${m.id}/minutes.md`} className="button" download>
            {t("meetings.minutes")}
          </a>{" "}
          <a href={`/meetings/${m.id}/print`} className="button" target="_blank" rel="noreferrer">
            {t("meetings.print")}
          </a>{" "}
          {can.planNext ? (
            <Link to={`/meetings/new?wg=${m.wgId}&after=${m.id}`} className="button">
              {t("meetings.planNext")}
            </Link>
          ) : null}
        </div>
      </div>
      <p className="meeting-badges">
        <MeetingKindBadge kind={m.kind} rank={m.rank} />
        <MeetingStateBadge state={m.state} />
        {m.vendorVisible ? <span className="badge shared">{t("meetings.sharedBadge")}</span> : null}
      </p>
      {result ? (
        <p className={result.ok ? "flash" : "form-error"} role={result.ok ? "status" : "alert"}>
          {t(result.ok ? result.message : (result.errors.form ?? "error.badRequest.body"))}
        </p>
      ) : null}
      <div className="grid two wide-first meeting-layout">
        <div className="stack">
          <section className="card" aria-labelledby="agenda">
            <h2 id="agenda">{t("meetings.agenda")}</h2>
            {agenda.length ? (
              <ol className="agenda">
                {agenda.map((a) => (
                  <li key={a.id}>
                    {a.issueNumber ? (
                      <>
                        <Link to={`/issues/${a.issueNumber}`}>
                          <span className="muted">#{a.issueNumber}</span> {a.issueTitle}
                        </Link>{" "}
                        {a.issueStatus ? <StatusBadge status={a.issueStatus} /> : null}
                        {a.carryOverCount ? <CarryBadge count={a.carryOverCount} /> : null}
                      </>
                    ) : (
                      a.title
                    )}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="muted">{t("meetings.noAgenda")}</p>
            )}
          </section>
          <section className="card" id="sticky-board" aria-labelledby="board">
            <h2 id="board">{t("meetings.board")}</h2>
            {discussionRules ? (
              <details className="discussion-rules" open={m.state === "開催中"}>
                <summary>{t("meetings.discussionRules")}</summary>
                <div className="markdown" dangerouslySetInnerHTML={{ __html: discussionRules }} />
              </details>
            ) : null}
            <StickyBoard meetingId={m.id} initial={board} canAdd={board.canAdd} canInternal={board.canInternal} agenda={board.agenda} me={board.me} />
          </section>
        </div>
        <aside className="stack">
          <section className="card meeting-facts" aria-label={t("meetings.when")}>
            <dl className="facts">
              <dt>{t("meetings.when")}</dt>
              <dd>
                <MeetingTime startsAt={m.startsAt} endsAt={m.endsAt} />
              </dd>
              <dt>{t("meetings.place")}</dt>
              <dd>{m.place || "—"}</dd>
              <dt>{t("meetings.onlineUrl")}</dt>
              <dd className="break">
                {m.onlineUrl ? (
                  <a href={m.onlineUrl} target="_blank" rel="noreferrer noopener">
                    {m.onlineUrl}
                  </a>
                ) : (
                  "—"
                )}
              </dd>
              <dt>{t("meetings.host")}</dt>
              <dd>{m.hostName ?? "—"}</dd>
              <dt>{m.wgId ? t("meetings.wg") : t("meetings.project")}</dt>
              <dd>{m.wgId ? <Link to={`/wg/${m.wgId}`}>{m.wgName}</Link> : m.projectName}</dd>
              {previous ? (
                <>
                  <dt>{t("meetings.previous")}</dt>
                  <dd>
                    <Link to={`/meetings/${previous.id}`}>{previous.title}</Link>
                  </dd>
                </>
              ) : null}
            </dl>
            {can.start ? <IntentButton intent="start" label={t("meetings.start.button")} primary /> : null}
            {can.close ? (
              <>
                <IntentButton intent="close" label={t("meetings.close.button")} primary />
                <p className="field-hint">{t("meetings.closeHint")}</p>
              </>
            ) : null}
          </section>
          {m.state === "確認中" || m.state === "確定" ? (
            <section className="card confirmation-panel" aria-labelledby="confirmation">
              <h2 id="confirmation">{t("meetings.confirmation")}</h2>
              {m.state === "確定" && m.lockedAt ? (
                <p className="flash">{t("meetings.lockedAt", { at: formatDateTime(m.lockedAt, locale) })}</p>
              ) : (
                <p className="muted small">{t("meetings.confirmationHint")}</p>
              )}
              <ul className="confirmations">
                {confirmations.map((c) => (
                  <li key={c.organizationId} data-town={c.organizationName}>
                    <span className="town">{c.organizationName}</span>{" "}
                    {c.confirmedAt ? (
                      <span className="badge ok">{t("meetings.confirmedBy", { name: c.confirmedBy ?? "", at: formatDateTime(c.confirmedAt, locale) })}</span>
                    ) : (
                      <span className="badge late">{t("meetings.unconfirmed")}</span>
                    )}
                  </li>
                ))}
              </ul>
              {can.confirm ? (
                <>
                  <p className="field-hint">{t("meetings.confirmHint", { town: myTown ?? "" })}</p>
                  <IntentButton intent="confirm" label={t("meetings.confirm.button")} primary />
                  <Form method="post" className="correction-form">
                    <input type="hidden" name="intent" value="correction" />
                    <div className="field">
                      <label htmlFor="correction-text">{t("meetings.correction.title")}</label>
                      <textarea id="correction-text" name="text" rows={3} maxLength={CORRECTION_MAX} aria-describedby="correction-hint" />
                      <p className="field-hint" id="correction-hint">
                        {t("meetings.correction.hint")}
                      </p>
                    </div>
                    <button type="submit" className="button">
                      {t("meetings.correction.button")}
                    </button>
                  </Form>
                </>
              ) : null}
              {corrections.length ? (
                <div className="corrections">
                  <h3>{t("meetings.correction.list")}</h3>
                  <ul>
                    {corrections.map((c) => (
                      <li key={c.id}>
                        <p className="small muted">
                          {c.organizationName}・{c.authorName}・{formatDateTime(c.at, locale)}
                        </p>
                        <p className="correction-body">{c.body}</p>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </section>
          ) : null}
          <section className="card" aria-labelledby="attendees">
            <h2 id="attendees">{t("meetings.attendees")}</h2>
            {attendeesByTown.length ? (
              <dl className="attendees">
                {attendeesByTown.map((g) => (
                  <div key={g.organizationId}>
                    <dt>{g.organizationName}</dt>
                    <dd>
                      {g.rows.map((a, i) => (
                        <span key={a.userId} className="attendee">
                          {a.name}
                          <span className="muted small">（{t(`attendance.${a.attendance}` as MessageKey)}）</span>
                          {i < g.rows.length - 1 ? "、" : ""}
                        </span>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p className="muted">{t("meetings.noAttendees")}</p>
            )}
          </section>
        </aside>
      </div>
    </div>
  );
}

function IntentButton({ intent, label, primary }: { intent: "start" | "close" | "confirm"; label: string; primary?: boolean }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  return (
    <Form method="post" className="intent-form">
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={primary ? "button primary wide" : "button wide"} disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
