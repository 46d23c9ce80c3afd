// The fields of a project, shared by the create form and the edit form of the PMO pages.
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";
import { DateField, Field, SelectField, TextareaField } from "./forms";

const PHASES = ["構想計画", "調達", "構築", "運用保守"] as const;

export type ProjectFieldValues = { name: string; description: string; phase: string; startsOn: string | null; endsOn: string | null };

export function ProjectFields({ values, errors }: { values?: Partial<ProjectFieldValues>; errors: Partial<Record<string, string>> }) {
  const t = useT();
  const err = (f: string) => (errors[f] ? t(errors[f] as MessageKey) : undefined);
  return (
    <>
      <Field label={t("structure.projects.name")} name="name" defaultValue={values?.name} required maxLength={100} error={err("name")} />
      <SelectField
        label={t("structure.projects.phase")}
        name="phase"
        defaultValue={values?.phase ?? "構想計画"}
        options={PHASES.map((p) => ({ value: p, label: t(`phase.${p}`) }))}
        error={err("phase")}
      />
      <DateField label={t("structure.projects.startsOn")} name="startsOn" defaultValue={values?.startsOn ?? ""} error={err("startsOn")} />
      <DateField label={t("structure.projects.endsOn")} name="endsOn" defaultValue={values?.endsOn ?? ""} error={err("endsOn")} />
      <div className="span-all">
        <TextareaField label={t("structure.projects.description")} name="description" defaultValue={values?.description} rows={4} maxLength={2000} error={err("description")} />
      </div>
    </>
  );
}
