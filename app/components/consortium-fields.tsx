// The consortium's own fields (name, legal form, fiscal-year start, decision rule), shared by
// the first setup (/setup), the operator's new consortium (/operator/new) and the consortium
// settings (/admin/consortium). The choices come from the loader (the schema's lists stay out
// of the browser bundle).
import type { ReactNode } from "react";
import { Field, SelectField } from "~/components/forms";
import type { DecisionRule } from "~/domain/decision";
import { useT } from "~/utils/i18n";

export type ConsortiumChoices = { legalForms: string[]; decisionRules: DecisionRule[] };

export function ConsortiumFields({
  choices,
  value,
  error,
  nameField = "name",
  nameHint,
  autoFocus,
}: {
  choices: ConsortiumChoices;
  value: (field: string, fallback?: string) => string;
  error: (field: string) => string | undefined;
  nameField?: string;
  nameHint?: string;
  autoFocus?: boolean;
}) {
  const t = useT();
  return (
    <>
      <Field label={t("settings.name")} name={nameField} required defaultValue={value(nameField)} hint={nameHint} error={error(nameField)} autoFocus={autoFocus} />
      <SelectField label={t("settings.legalForm")} name="legalForm" defaultValue={value("legalForm", choices.legalForms[0])} error={error("legalForm")} options={choices.legalForms.map((f) => ({ value: f, label: f }))} />
      <SelectField
        label={t("settings.fiscalYearStartMonth")}
        name="fiscalYearStartMonth"
        defaultValue={value("fiscalYearStartMonth", "4")}
        error={error("fiscalYearStartMonth")}
        options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t("settings.month", { month: i + 1 }) }))}
      />
      <SelectField
        label={t("settings.decisionRule")}
        name="decisionRule"
        defaultValue={value("decisionRule", choices.decisionRules[0])}
        hint={t("settings.decisionRuleHint")}
        error={error("decisionRule")}
        options={choices.decisionRules.map((r) => ({ value: r, label: t(`decisions.rule.${r}`) }))}
      />
    </>
  );
}

/**
 * A new consortium: its own fields, its secretariat (事務局) organization and its first PMO
 * (name, kana, 所属, e-mail), for the first setup (/setup, the person themselves: `children`
 * adds their password) and the operator's new consortium (/operator/new, someone else).
 */
export function NewConsortiumFields({
  choices,
  kinds,
  value,
  error,
  legends,
  personLead,
  emailLabel,
  self,
  children,
}: {
  choices: ConsortiumChoices;
  kinds: string[];
  value: (field: string, fallback?: string) => string;
  error: (field: string) => string | undefined;
  legends: { consortium: string; organization: string; person: string };
  personLead: string;
  emailLabel: string;
  /** The person fills in their own details (the browser may offer them). */
  self: boolean;
  children?: ReactNode;
}) {
  const t = useT();
  const auto = (own: string) => (self ? own : "off");
  return (
    <>
      <fieldset>
        <legend>{legends.consortium}</legend>
        <ConsortiumFields choices={choices} value={value} error={error} nameField="consortiumName" nameHint={t("setup.consortiumNameHint")} autoFocus />
      </fieldset>
      <fieldset>
        <legend>{legends.organization}</legend>
        <Field label={t("setup.organizationName")} name="organizationName" required defaultValue={value("organizationName")} hint={t("setup.organizationNameHint")} error={error("organizationName")} />
        <SelectField
          label={t("setup.organizationKind")}
          name="organizationKind"
          defaultValue={value("organizationKind", "municipality")}
          error={error("organizationKind")}
          options={kinds.map((k) => ({ value: k, label: t(`structure.kind.${k}` as "structure.kind.municipality") }))}
        />
      </fieldset>
      <fieldset>
        <legend>{legends.person}</legend>
        <p className="muted">{personLead}</p>
        <Field label={t("setup.displayName")} name="displayName" required autoComplete={auto("name")} defaultValue={value("displayName")} error={error("displayName")} />
        <Field label={t("setup.displayNameKana")} name="displayNameKana" autoComplete={auto("off")} defaultValue={value("displayNameKana")} error={error("displayNameKana")} />
        <Field label={t("setup.department")} name="department" autoComplete={auto("organization-title")} defaultValue={value("department")} error={error("department")} />
        <Field label={emailLabel} name="email" type="email" required autoComplete={auto("username")} defaultValue={value("email")} error={error("email")} />
        {children}
      </fieldset>
    </>
  );
}
