// The create/edit form for an organization (PMO pages).
import { Form } from "@remix-run/react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";
import { Field, SelectField } from "./forms";

const KINDS = ["municipality", "prefecture", "vendor", "other"] as const;

export type OrganizationFormValues = {
  kind: string;
  name: string;
  nameKana: string;
  lgCode: string | null;
  population: number | string | null;
};

/** The create/edit form for an organization; errors are catalog keys from the action. */
export function OrganizationForm({
  values,
  errors,
  submitLabel,
}: {
  values?: Partial<OrganizationFormValues>;
  errors: Partial<Record<string, string>>;
  submitLabel: string;
}) {
  const t = useT();
  const err = (f: string) => (errors[f] ? t(errors[f] as MessageKey) : undefined);
  return (
    <Form method="post" noValidate className="form-grid">
      <SelectField
        label={t("structure.orgs.kind")}
        name="kind"
        defaultValue={values?.kind ?? "municipality"}
        options={KINDS.map((k) => ({ value: k, label: t(`structure.kind.${k}`) }))}
        error={err("kind")}
      />
      <Field label={t("structure.orgs.name")} name="name" defaultValue={values?.name} required maxLength={100} error={err("name")} />
      <Field
        label={t("structure.orgs.kana")}
        name="nameKana"
        defaultValue={values?.nameKana}
        maxLength={100}
        hint={t("structure.orgs.kanaHint")}
        error={err("nameKana")}
      />
      <Field
        label={t("structure.orgs.lgCode")}
        name="lgCode"
        defaultValue={values?.lgCode ?? ""}
        inputMode="numeric"
        autoComplete="off"
        hint={t("structure.orgs.lgCodeHint")}
        error={err("lgCode")}
      />
      <Field
        label={t("structure.orgs.population")}
        name="population"
        defaultValue={values?.population ?? ""}
        inputMode="numeric"
        autoComplete="off"
        hint={t("structure.orgs.populationHint")}
        error={err("population")}
      />
      <div className="form-actions">
        <button type="submit" className="button primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
