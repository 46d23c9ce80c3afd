// The working groups of the admin project page: archive or bring back, add.
import { Form, Link } from "@remix-run/react";
import { Field, useResetOnSuccess } from "~/components/forms";
import { ControlsTable, IntentButton } from "~/components/row-controls";
import type { IntentFeedback, IntentResult } from "~/components/intent-feedback";
import { useT } from "~/utils/i18n";

export const WORKING_GROUP_INTENTS = ["add-wg", "archive-wg", "unarchive-wg"] as const;

type WorkingGroup = { id: number; name: string; description: string; archived: boolean; memberCount: number };

export function WorkingGroupsSection({
  workingGroups,
  result,
  feedback: { err, valuesOf, outcome },
}: {
  workingGroups: WorkingGroup[];
  result: IntentResult | undefined;
  feedback: Pick<IntentFeedback, "err" | "valuesOf" | "outcome">;
}) {
  const t = useT();
  const addForm = useResetOnSuccess(result, "add-wg");
  return (
    <section className="card" aria-labelledby="wgs">
      <h2 id="wgs">{t("structure.wgs.title")}</h2>
      {outcome(WORKING_GROUP_INTENTS)}
      <p className="muted">{t("structure.wgs.archiveHint")}</p>
      {workingGroups.length === 0 ? (
        <p className="muted">{t("structure.wgs.none")}</p>
      ) : (
        <ControlsTable
          headers={[
            { label: t("structure.wgs.name") },
            { label: t("structure.wgs.members"), numeric: true },
            { label: t("structure.wgs.state") },
            { label: t("common.actions") },
          ]}
        >
          {workingGroups.map((wg) => (
            <tr key={wg.id} className={wg.archived ? "inactive" : undefined}>
              <td>
                <Link to={`/admin/wgs/${wg.id}`}>{wg.name}</Link>
                {wg.description ? <div className="muted small">{wg.description}</div> : null}
              </td>
              <td className="num">{t("structure.wg.memberCount", { count: wg.memberCount })}</td>
              <td>
                <span className={wg.archived ? "badge muted" : "badge ok"}>{wg.archived ? t("structure.wgs.archived") : t("structure.wgs.active")}</span>
              </td>
              <td>
                <IntentButton
                  intent={wg.archived ? "unarchive-wg" : "archive-wg"}
                  fields={{ wgId: wg.id }}
                  label={t(wg.archived ? "structure.wgs.unarchiveOf" : "structure.wgs.archiveOf", { name: wg.name })}
                >
                  {wg.archived ? t("structure.wgs.unarchive") : t("structure.wgs.archive")}
                </IntentButton>
              </td>
            </tr>
          ))}
        </ControlsTable>
      )}
      <h3>{t("structure.wgs.add")}</h3>
      <Form method="post" noValidate className="inline-form" ref={addForm}>
        <input type="hidden" name="intent" value="add-wg" />
        <Field
          label={t("structure.wgs.name")}
          name="name"
          defaultValue={String(valuesOf("add-wg")?.name ?? "")}
          maxLength={100}
          error={err("add-wg", "name")}
        />
        <Field
          label={t("structure.wgs.description")}
          name="description"
          className="wide-input"
          defaultValue={String(valuesOf("add-wg")?.description ?? "")}
          maxLength={1000}
          error={err("add-wg", "description")}
        />
        <button type="submit" className="button primary">
          {t("structure.wgs.add")}
        </button>
      </Form>
    </section>
  );
}
