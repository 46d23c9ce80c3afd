// The milestones of the admin project page: mark done or open again, delete, add.
import { Form } from "@remix-run/react";
import { CheckboxField, DateField, Field, useResetOnSuccess } from "~/components/forms";
import { ControlsTable, IntentButton } from "~/components/row-controls";
import type { IntentFeedback, IntentResult } from "~/components/intent-feedback";
import { formatDate } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { milestoneState, milestoneStateLabel } from "~/domain/milestone";

export const MILESTONE_INTENTS = ["add-milestone", "milestone-done", "milestone-reopen", "delete-milestone"] as const;

type Milestone = { id: number; name: string; dueOn: string; doneOn: string | null; fixed: boolean };

export function MilestonesSection({
  milestones,
  today,
  result,
  feedback: { err, valuesOf, outcome },
}: {
  milestones: Milestone[];
  today: string;
  result: IntentResult | undefined;
  feedback: Pick<IntentFeedback, "err" | "valuesOf" | "outcome">;
}) {
  const t = useT();
  const locale = useLocale();
  const addForm = useResetOnSuccess(result, "add-milestone");
  return (
    <section className="card" aria-labelledby="milestones">
      <h2 id="milestones">{t("structure.milestones.title")}</h2>
      {outcome(MILESTONE_INTENTS)}
      {milestones.length === 0 ? (
        <p className="muted">{t("project.noMilestones")}</p>
      ) : (
        <ControlsTable
          headers={[
            { label: t("structure.milestones.dueOn") },
            { label: t("structure.milestones.name") },
            { label: t("structure.milestones.state") },
            { label: t("common.actions") },
          ]}
        >
          {milestones.map((m) => {
            const state = milestoneState(m, today);
            const fields = { milestoneId: m.id };
            return (
              <tr key={m.id}>
                <td className="nowrap">{formatDate(m.dueOn, locale)}</td>
                <td>
                  {m.name}
                  {m.fixed ? <span className="badge">{t("milestone.fixed")}</span> : null}
                </td>
                <td>
                  <span className={`badge ms-${state}`}>{t(milestoneStateLabel(state))}</span>
                  {m.doneOn ? <div className="muted small">{t("structure.milestones.doneOn", { date: formatDate(m.doneOn, locale) })}</div> : null}
                </td>
                <td>
                  <div className="row-actions">
                    {m.doneOn ? (
                      <IntentButton intent="milestone-reopen" fields={fields} label={t("structure.milestones.reopenOf", { name: m.name })}>
                        {t("structure.milestones.reopen")}
                      </IntentButton>
                    ) : (
                      <IntentButton intent="milestone-done" fields={fields} label={t("structure.milestones.markDoneOf", { name: m.name })}>
                        {t("structure.milestones.markDone")}
                      </IntentButton>
                    )}
                    <IntentButton intent="delete-milestone" fields={fields} danger label={t("structure.milestones.deleteOf", { name: m.name })}>
                      {t("structure.milestones.delete")}
                    </IntentButton>
                  </div>
                </td>
              </tr>
            );
          })}
        </ControlsTable>
      )}
      <h3>{t("structure.milestones.add")}</h3>
      <Form method="post" noValidate className="inline-form" ref={addForm}>
        <input type="hidden" name="intent" value="add-milestone" />
        <Field
          label={t("structure.milestones.name")}
          name="name"
          defaultValue={String(valuesOf("add-milestone")?.name ?? "")}
          maxLength={100}
          error={err("add-milestone", "name")}
        />
        <DateField
          label={t("structure.milestones.dueOn")}
          name="dueOn"
          defaultValue={String(valuesOf("add-milestone")?.dueOn ?? "")}
          error={err("add-milestone", "dueOn")}
        />
        <CheckboxField label={t("structure.milestones.fixedLabel")} name="fixed" defaultChecked={Boolean(valuesOf("add-milestone")?.fixed)} />
        <button type="submit" className="button primary">
          {t("structure.milestones.add")}
        </button>
      </Form>
    </section>
  );
}
