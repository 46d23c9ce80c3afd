import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { MarkdownEditor } from "~/components/markdown-editor";
import { IntentButton } from "~/components/row-controls";
import type { MessageKey } from "~/i18n";
import type { NoteSource } from "~/models/issue.server";
import type { TimelineEntry } from "~/models/comment.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { Attachments } from "./attachments";
import type { Mentions } from "./types";

const FIELD_LABEL: Record<string, MessageKey> = {
  title: "issues.subject",
  type: "issues.type",
  status: "issues.status",
  priority: "issues.priority",
  assigneeId: "issues.assignee",
  ballHolderOrgId: "issues.ballShort",
  dueOn: "issues.due",
  vendorVisible: "issues.vendorVisible",
  affectedOrgIds: "issues.towns",
  labelIds: "issues.labels",
};

/** The history: comments, field changes and carry-overs, oldest first. */
export function Timeline({ entries, me, mentions, markAnswer }: { entries: TimelineEntry[]; me: number; mentions: Mentions; markAnswer: boolean }) {
  const t = useT();
  const locale = useLocale();
  const value = (field: string, v: string | null) => {
    if (v === null) return "";
    if (field === "status") return t(`status.${v}` as MessageKey);
    if (field === "type") return t(`type.${v}` as MessageKey);
    if (field === "priority") return t(`priority.${v}` as MessageKey);
    if (field === "dueOn") return formatDate(v, locale);
    if (field === "vendorVisible") return v === "true" ? t("common.yes") : t("common.no");
    return v;
  };
  if (!entries.length) return <p className="muted">{t("issues.noHistory")}</p>;
  return (
    <ol className="timeline">
      {entries.map((e, i) => {
        if (e.kind === "comment") return <CommentEntry key={`c${e.id}`} entry={e} mine={e.authorId === me && !e.imported} mentions={mentions} markAnswer={markAnswer} />;
        if (e.kind === "postponement") {
          return (
            <li key={`p${i}`} className="timeline-event carry">
              <span className="timeline-when">{formatDateTime(e.at, locale)}</span>{" "}
              {e.via === "due_date" ? (
                t("issues.postponed", { from: formatDate(e.from, locale), to: formatDate(e.to, locale) })
              ) : e.meeting ? (
                <Link to={`/meetings/${e.meeting.id}`}>{t("issues.carriedByMeeting", { meeting: e.meeting.title })}</Link>
              ) : (
                t("issues.carriedByHiddenMeeting")
              )}
              {e.userName ? `（${e.userName}）` : ""}
              {e.reason ? <div className="small">{t("issues.reason", { reason: e.reason })}</div> : null}
            </li>
          );
        }
        return (
          <li key={`j${i}`} className="timeline-event">
            <span className="timeline-when">{formatDateTime(e.at, locale)}</span> <strong>{e.userName}</strong>
            <ul>
              {e.changes.map((c, j) => (
                <li key={j}>
                  {c.field === "body"
                    ? t("issues.bodyChanged")
                    : t(c.from === null ? "issues.set" : c.to === null ? "issues.cleared" : "issues.changed", {
                        field: t(FIELD_LABEL[c.field] ?? "issues.subject"),
                        from: value(c.field, c.from),
                        to: value(c.field, c.to),
                      })}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ol>
  );
}

/** The sticky note an issue or comment came from: loaded only for those who may see its meeting. */
export function NoteSourceLine({ source, message }: { source: NoteSource | null; message: "issues.fromNote" | "comments.fromNote" }) {
  const t = useT();
  if (!source) return null;
  return (
    <p className="muted small">
      <Link to={`/meetings/${source.meetingId}#note-${source.noteId}`}>{t(message, { meeting: source.title })}</Link>
    </p>
  );
}

function CommentEntry({
  entry,
  mine,
  mentions,
  markAnswer,
}: {
  entry: Extract<TimelineEntry, { kind: "comment" }>;
  mine: boolean;
  mentions: Mentions;
  markAnswer: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const [editing, setEditing] = useState(false);
  const navigation = useNavigation();
  useEffect(() => {
    if (navigation.state === "idle") setEditing(false);
  }, [navigation.state]);
  return (
    <li className={entry.internal ? "comment internal" : entry.isAnswer ? "comment answer" : "comment"} id={`comment-${entry.id}`}>
      <header>
        <strong>{entry.authorName}</strong> <span className="muted small">{entry.authorOrganization}</span>{" "}
        <span className="timeline-when">{formatDateTime(entry.at, locale)}</span>
        {entry.edited ? <span className="muted small">（{t("comments.edited")}）</span> : null}
        {entry.imported ? <span className="badge muted">{t("issueImport.importedBadge")}</span> : null}
        {entry.internal ? <span className="badge internal">{t("comments.internalBadge")}</span> : null}
        {entry.isAnswer ? <span className="badge ok">{t("comments.answerBadge")}</span> : null}
        {mine && !editing ? (
          <button type="button" className="link-button small" onClick={() => setEditing(true)}>
            {t("comments.edit")}
          </button>
        ) : null}
        {markAnswer && (entry.answerable || entry.isAnswer) ? (
          <IntentButton intent={entry.isAnswer ? "unanswer" : "answer"} fields={{ commentId: entry.id }} className="link-button small" formClassName="answer-toggle">
            {entry.isAnswer ? t("guests.qa.unmarkAnswer") : t("guests.qa.markAnswer")}
          </IntentButton>
        ) : null}
      </header>
      {editing ? (
        <Form method="post">
          <input type="hidden" name="intent" value="edit-comment" />
          <input type="hidden" name="commentId" value={entry.id} />
          <MarkdownEditor name="body" label={t("comments.body")} defaultValue={entry.body} mentions={mentions} rows={5} />
          <div className="form-actions">
            <button type="submit" className="button primary">
              {t("comments.editSave")}
            </button>
            <button type="button" className="button" onClick={() => setEditing(false)}>
              {t("common.cancel")}
            </button>
          </div>
        </Form>
      ) : (
        <div className="markdown" dangerouslySetInnerHTML={{ __html: entry.html }} />
      )}
      <NoteSourceLine source={entry.source} message="comments.fromNote" />
      <Attachments files={entry.attachments} />
      {entry.revisions.length ? (
        <details className="revisions">
          <summary>{t("comments.revisions", { count: entry.revisions.length })}</summary>
          {entry.revisions.map((r, i) => (
            <div key={i}>
              <span className="timeline-when">{formatDateTime(r.at, locale)}</span>
              <pre>{r.body}</pre>
            </div>
          ))}
        </details>
      ) : null}
    </li>
  );
}
