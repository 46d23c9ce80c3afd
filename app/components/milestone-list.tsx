// A project's milestones (節目) with their state, as the PMO board and the project page show them.
import { milestoneStateLabel, type MilestoneState } from "~/domain/milestone";
import { formatDate } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";

export type MilestoneItem = { key: string | number; name: string; dueOn: string; fixed: boolean; state: MilestoneState };

export function MilestoneList({ items }: { items: MilestoneItem[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="milestones">
      {items.map((m) => (
        <li key={m.key} className={`milestone ${m.state}`}>
          <span className="milestone-date">{formatDate(m.dueOn, locale)}</span>
          <span>{m.name}</span>
          <span className={`badge ms-${m.state}`}>{t(milestoneStateLabel(m.state))}</span>
          {m.fixed ? <span className="badge">{t("milestone.fixed")}</span> : null}
        </li>
      ))}
    </ol>
  );
}
