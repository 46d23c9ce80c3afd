// Pieces of the decision log UI: status, stance and approval badges, the register filters
// and the draft/edit form.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";
import { CheckboxField, DateField, Field, FieldMessages, SelectField } from "./forms";
import { MarkdownEditor } from "./markdown-editor";

export function DecisionStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge decision-status decision-${status}`}>{t(`decisionStatus.${status}` as MessageKey)}</span>;
}

/** A town's stance; 未回答 when none was recorded. */
export function StanceBadge({ stance }: { stance: string | null }) {
  const t = useT();
  return <span className={`badge stance stance-${stance ?? "none"}`}>{stance ? t(`stance.${stance}` as MessageKey) : t("decisions.noAnswer")}</span>;
}

export function ApprovalBadge({ approval, approvedOn }: { approval: string; approvedOn?: string | null }) {
  const t = useT();
  return (
    <span className={`badge approval approval-${approval}`}>
      {t(`approval.${approval}` as MessageKey)}
      {approvedOn ? <span className="approval-date">（{approvedOn.replaceAll("-", "/")}）</span> : null}
    </span>
  );
}

type Choice = { id: number; name: string };

export function DecisionFilters({ projects, wgs, towns, statuses }: { projects: Choice[]; wgs: Choice[]; towns: Choice[]; statuses: readonly string[] }) {
  const t = useT();
  const [params] = useSearchParams();
  const value = (k: string) => params.get(k) ?? "";
  const select = (name: string, label: MessageKey, options: [string, string][]) => (
    <div className="field">
      <label htmlFor={`df-${name}`}>{t(label)}</label>
      <select id={`df-${name}`} name={name} defaultValue={value(name)}>
        <option value="">{t("decisions.filter.all")}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <Form method="get" className="filters card" aria-label={t("issues.filter")}>
      {params.get("view") ? <input type="hidden" name="view" value={value("view")} /> : null}
      <div className="field">
        <label htmlFor="df-q">{t("decisions.filter.q")}</label>
        <input id="df-q" name="q" type="search" defaultValue={value("q")} />
      </div>
      {select("project", "decisions.filter.project", projects.map((p) => [String(p.id), p.name]))}
      {wgs.length ? select("wg", "decisions.filter.wg", wgs.map((w) => [String(w.id), w.name])) : null}
      {select("status", "decisions.filter.status", statuses.map((s) => [s, t(`decisionStatus.${s}` as MessageKey)]))}
      {towns.length ? select("missing", "decisions.filter.missing", towns.map((o) => [String(o.id), o.name])) : null}
      <div className="filter-actions">
        <button type="submit" className="button primary">
          {t("decisions.filter.apply")}
        </button>
        <Link to={params.get("view") ? `?view=${value("view")}` : "?"} className="button">
          {t("decisions.filter.clear")}
        </Link>
      </div>
    </Form>
  );
}

export type DecisionFormValues = {
  projectId: number | string;
  wgId: number | string | null;
  title: string;
  body: string;
  rationale: string;
  optionsConsidered: string;
  organizationIds: (number | string)[];
  relatedIssues: string;
  stanceDueOn: string | null;
  reviewOn: string | null;
  vendorVisible: boolean;
};

export type DecisionFormChoices = {
  projects: (Choice & { townIds: number[] })[];
  wgs: (Choice & { projectId: number })[];
  towns: Choice[];
};

/** Draft or edit: project and WG, text, participating towns, dates, vendor sharing. */
export function DecisionForm({
  choices,
  values,
  errors,
  townsLocked,
  submitLabel,
  cancelTo,
}: {
  choices: DecisionFormChoices;
  values: DecisionFormValues;
  errors: Partial<Record<string, MessageKey>>;
  townsLocked?: boolean;
  submitLabel: string;
  cancelTo: string;
}) {
  const t = useT();
  const err = (name: string) => (errors[name] ? t(errors[name]!) : undefined);
  const [projectId, setProjectId] = useState(String(values.projectId));
  const [townIds, setTownIds] = useState(() => new Set(values.organizationIds.map(String)));
  const wgs = choices.wgs.filter((w) => String(w.projectId) === projectId);
  const changeProject = (id: string) => {
    setProjectId(id);
    // The participants follow the project until the user picks them by hand.
    const project = choices.projects.find((p) => String(p.id) === id);
    if (project && !townsLocked) setTownIds(new Set(project.townIds.map(String)));
  };
  return (
    <Form method="post" className="stack decision-form" noValidate>
      {errors.form ? (
        <p className="form-error" role="alert">
          {t(errors.form)}
        </p>
      ) : null}
      <div className="grid two">
        <SelectField
          label={t("decisions.field.project")}
          name="projectId"
          value={projectId}
          onChange={(e) => changeProject(e.currentTarget.value)}
          error={err("projectId")}
          options={choices.projects.map((p) => ({ value: String(p.id), label: p.name }))}
        />
        <SelectField
          label={t("decisions.field.wg")}
          name="wgId"
          defaultValue={values.wgId == null ? "" : String(values.wgId)}
          key={projectId}
          error={err("wgId")}
          options={[{ value: "", label: t("decisions.field.wgNone") }, ...wgs.map((w) => ({ value: String(w.id), label: w.name }))]}
        />
      </div>
      <Field label={t("decisions.field.title")} name="title" defaultValue={values.title} required maxLength={200} error={err("title")} />
      <MarkdownEditor name="body" label={t("decisions.field.body")} defaultValue={values.body} error={err("body")} rows={8} />
      <MarkdownEditor name="rationale" label={t("decisions.field.rationale")} defaultValue={values.rationale} error={err("rationale")} rows={4} />
      <MarkdownEditor name="optionsConsidered" label={t("decisions.field.options")} defaultValue={values.optionsConsidered} error={err("optionsConsidered")} rows={4} />
      <fieldset className={errors.organizationIds ? "field has-error" : "field"} aria-describedby="towns-hint">
        <legend>{t("decisions.field.towns")}</legend>
        <div className="choices">
          {choices.towns.map((town) => (
            <label key={town.id} className="choice">
              <input
                type="checkbox"
                name="organizationIds"
                value={town.id}
                checked={townIds.has(String(town.id))}
                disabled={townsLocked}
                onChange={(e) => {
                  const next = new Set(townIds);
                  if (e.currentTarget.checked) next.add(String(town.id));
                  else next.delete(String(town.id));
                  setTownIds(next);
                }}
              />
              {town.name}
            </label>
          ))}
        </div>
        {townsLocked ? [...townIds].map((id) => <input key={id} type="hidden" name="organizationIds" value={id} />) : null}
        <FieldMessages id="towns" hint={t("decisions.field.townsHint")} error={err("organizationIds")} />
      </fieldset>
      <Field
        label={t("decisions.field.relatedIssues")}
        name="relatedIssues"
        defaultValue={values.relatedIssues}
        hint={t("decisions.field.relatedIssuesHint")}
        error={err("relatedIssues")}
        inputMode="text"
      />
      <div className="grid two">
        <DateField label={t("decisions.field.stanceDueOn")} name="stanceDueOn" defaultValue={values.stanceDueOn ?? ""} error={err("stanceDueOn")} />
        <DateField label={t("decisions.field.reviewOn")} name="reviewOn" defaultValue={values.reviewOn ?? ""} hint={t("decisions.field.reviewOnHint")} error={err("reviewOn")} />
      </div>
      <CheckboxField label={t("decisions.field.vendorVisible")} name="vendorVisible" defaultChecked={values.vendorVisible} error={err("vendorVisible")} />
      <div className="form-actions">
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
        <Link to={cancelTo} className="button">
          {t("decisions.cancel")}
        </Link>
      </div>
    </Form>
  );
}

/** Values to put back into the form after a 400. */
export function decisionFormValues(form: FormData): DecisionFormValues {
  const s = (k: string) => String(form.get(k) ?? "");
  return {
    projectId: s("projectId"),
    wgId: s("wgId") || null,
    title: s("title"),
    body: s("body"),
    rationale: s("rationale"),
    optionsConsidered: s("optionsConsidered"),
    organizationIds: form.getAll("organizationIds").map(String),
    relatedIssues: s("relatedIssues"),
    stanceDueOn: s("stanceDueOn") || null,
    reviewOn: s("reviewOn") || null,
    vendorVisible: form.get("vendorVisible") === "on",
  };
}
