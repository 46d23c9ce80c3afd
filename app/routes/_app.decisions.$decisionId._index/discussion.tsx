// The discussion on a decision (協議の記録): comments, internal memos for those who may read them.
import { Form, useNavigation } from "@remix-run/react";
import type { FieldErrors } from "~/domain/result";
import { formatDateTime } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import type { CommentView } from "./types";

export function Discussion({ comments, canComment, canInternal, errors }: { comments: CommentView[]; canComment: boolean; canInternal: boolean; errors: FieldErrors }) {
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
