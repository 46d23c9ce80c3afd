import { Form, useActionData } from "@remix-run/react";
import { TextareaField } from "~/components/forms";
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";
import type { ActionData } from "./types";

/** 課題の削除 (PMO): folded away under the facts, with the reason it was made by mistake. */
export function DeleteIssueForm({ number }: { number: number }) {
  const t = useT();
  const result = useActionData<ActionData>();
  const error = result && !result.ok ? result.errors.reason : undefined;
  const typed = result && !result.ok ? result.values?.reason : undefined;
  return (
    <details className="card danger-zone" open={error ? true : undefined}>
      <summary>{t("issues.delete.open")}</summary>
      <p className="small">{t("issues.delete.explain", { number })}</p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="delete" />
        <TextareaField name="reason" label={t("issues.delete.reason")} rows={2} maxLength={500} required defaultValue={typed} error={error ? t(error as MessageKey) : undefined} />
        <button type="submit" className="button danger">
          {t("issues.delete.submit", { number })}
        </button>
      </Form>
    </details>
  );
}
