import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { FileDrop } from "~/components/file-drop";
import { MarkdownEditor } from "~/components/markdown-editor";
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";
import type { ActionData, Mentions } from "./types";

/** A new comment, with files, an internal-memo switch and (for a vendor asked) handing the ball back. */
export function CommentForm({
  allowInternal,
  returnBall,
  mentions,
}: {
  allowInternal: boolean;
  returnBall: boolean;
  mentions: Mentions;
}) {
  const t = useT();
  const result = useActionData<ActionData>();
  const navigation = useNavigation();
  const [formKey, setFormKey] = useState(0);
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === "comment";
  useEffect(() => {
    // After a successful comment, start a fresh form.
    if (result?.ok && navigation.state === "idle") setFormKey((k) => k + 1);
  }, [result, navigation.state]);
  return (
    <section className="card" aria-labelledby="add-comment">
      <h2 id="add-comment">{t("comments.add")}</h2>
      <Form method="post" encType="multipart/form-data" key={formKey} noValidate>
        <input type="hidden" name="intent" value="comment" />
        <MarkdownEditor
          name="body"
          label={t("comments.body")}
          defaultValue={result && !result.ok && "values" in result ? (result.values as { body?: string } | undefined)?.body : undefined}
          error={errors.body ? t(errors.body as MessageKey) : undefined}
          mentions={mentions}
          rows={5}
        />
        <FileDrop error={errors.files ? t(errors.files as MessageKey) : undefined} />
        {allowInternal ? (
          <div className="field checkbox">
            <input id="comment-internal" type="checkbox" name="internal" />
            <label htmlFor="comment-internal">{t("comments.internal")}</label>
          </div>
        ) : null}
        {returnBall ? (
          <div className="field checkbox">
            <input id="comment-return-ball" type="checkbox" name="returnBall" defaultChecked />
            <label htmlFor="comment-return-ball">{t("guests.qa.returnBall")}</label>
          </div>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={submitting}>
            {t("comments.add")}
          </button>
        </div>
      </Form>
    </section>
  );
}
