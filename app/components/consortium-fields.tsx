// The consortium's own fields (name, legal form, fiscal-year start, decision rule), shared by
// the first setup (/setup) and the consortium settings (/admin/consortium). The choices come
// from the loader (the schema's lists stay out of the browser bundle).
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
