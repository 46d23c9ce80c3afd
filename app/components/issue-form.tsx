// The form to create or edit an issue. Errors are catalog keys from the action.
import { Form, useNavigation } from "@remix-run/react";
import { CheckboxField, DateField, Field, SelectField } from "~/components/forms";
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";
import { FileDrop } from "./file-drop";
import { MarkdownEditor, type MentionCandidate } from "./markdown-editor";

const TYPES = ["懸案", "課題", "質問", "要望", "リスク"] as const;
const STATUSES = ["未着手", "対応中", "回答待ち", "解決", "完了", "却下"] as const;
const PRIORITIES = ["低", "中", "高", "緊急"] as const;

type Choice = { id: number; name: string };
export type IssueFormValues = {
  title?: string;
  body?: string;
  type?: string;
  status?: string;
  priority?: string;
  assigneeId?: number | string | null;
  ballHolderOrgId?: number | string | null;
  dueOn?: string | null;
  affectedOrgIds?: (number | string)[];
  labelIds?: (number | string)[];
  vendorVisible?: boolean | string;
};

export function IssueForm({
  values,
  errors,
  choices,
  mentions,
  mode,
  guest,
  currentDue,
}: {
  values: IssueFormValues;
  errors: Partial<Record<string, string>>;
  choices: { assignees: (Choice & { organizationName: string })[]; ballHolders: Choice[]; towns: Choice[]; labels: (Choice & { archived?: boolean })[] };
  mentions: MentionCandidate[];
  mode: "create" | "edit";
  /** Vendors only describe their question; the consortium triages it. */
  guest: boolean;
  currentDue?: string | null;
}) {
  const t = useT();
  const navigation = useNavigation();
  const err = (f: string) => (errors[f] ? t(errors[f] as MessageKey) : undefined);
  const selected = (list: (number | string)[] | undefined, id: number) => (list ?? []).map(String).includes(String(id));
  return (
    <Form method="post" noValidate className="issue-form" encType={mode === "create" ? "multipart/form-data" : undefined}>
      <input type="hidden" name="intent" value={mode} />
      <Field label={t("issues.subject")} name="title" defaultValue={values.title} required maxLength={200} error={err("title")} autoFocus={mode === "create"} />
      <MarkdownEditor name="body" label={t("issues.body")} defaultValue={values.body} hint={t("issues.bodyHint")} error={err("body")} mentions={mentions} rows={10} />
      <div className="form-grid">
        <SelectField label={t("issues.type")} name="type" defaultValue={values.type ?? "課題"} options={TYPES.map((v) => ({ value: v, label: t(`type.${v}`) }))} error={err("type")} />
        {guest ? null : (
          <>
            <SelectField label={t("issues.status")} name="status" defaultValue={values.status ?? "未着手"} options={STATUSES.map((v) => ({ value: v, label: t(`status.${v}`) }))} error={err("status")} />
            <SelectField label={t("issues.priority")} name="priority" defaultValue={values.priority ?? "中"} options={PRIORITIES.map((v) => ({ value: v, label: t(`priority.${v}`) }))} error={err("priority")} />
            <SelectField
              label={t("issues.assignee")}
              name="assigneeId"
              defaultValue={values.assigneeId ?? ""}
              options={[{ value: "", label: t("issues.unassigned") }, ...choices.assignees.map((u) => ({ value: u.id, label: `${u.name}（${u.organizationName}）` }))]}
              error={err("assigneeId")}
            />
            <SelectField
              label={t("issues.ball")}
              name="ballHolderOrgId"
              defaultValue={values.ballHolderOrgId ?? ""}
              options={[{ value: "", label: "—" }, ...choices.ballHolders.map((o) => ({ value: o.id, label: o.name }))]}
              error={err("ballHolderOrgId")}
            />
            <DateField label={t("issues.due")} name="dueOn" defaultValue={values.dueOn ?? ""} error={err("dueOn")} />
            {mode === "edit" && currentDue ? (
              <Field label={t("issues.postponeReason")} name="postponeReason" hint={t("issues.postponeReasonHint")} maxLength={500} error={err("postponeReason")} />
            ) : null}
          </>
        )}
      </div>
      {mode === "create" ? <FileDrop error={err("files")} /> : null}
      {guest ? null : (
        <>
          <fieldset className="checkbox-group">
            <legend>{t("issues.towns")}</legend>
            {choices.towns.map((o) => (
              <label key={o.id}>
                <input type="checkbox" name="affectedOrgIds" value={o.id} defaultChecked={selected(values.affectedOrgIds, o.id)} /> {o.name}
              </label>
            ))}
            {err("affectedOrgIds") ? <p className="field-error">{err("affectedOrgIds")}</p> : null}
          </fieldset>
          <fieldset className="checkbox-group">
            <legend>{t("issues.labels")}</legend>
            {/* An archived label shows only on an issue that already has it (so saving keeps it). */}
            {choices.labels.filter((l) => !l.archived || selected(values.labelIds, l.id)).map((l) => (
              <label key={l.id}>
                <input type="checkbox" name="labelIds" value={l.id} defaultChecked={selected(values.labelIds, l.id)} /> {l.name}
              </label>
            ))}
            {err("labelIds") ? <p className="field-error">{err("labelIds")}</p> : null}
          </fieldset>
          <CheckboxField label={t("issues.vendorVisible")} name="vendorVisible" defaultChecked={values.vendorVisible === true || values.vendorVisible === "on"} hint={t("issues.vendorVisibleHint")} />
        </>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {mode === "create" ? t("issues.create") : t("issues.save")}
        </button>
      </div>
    </Form>
  );
}
