// The issue list as CSV: the current filter, the viewer's visibility, every matching row;
// headers in the requester's locale, stored words (status, type, priority) as stored.
import { translator, type Locale, type MessageKey } from "~/i18n";
import { formatDay } from "~/utils/dates";
import { toCsv } from "~/utils/csv";
import type { Viewer } from "~/policy/permissions";
import { ageInDays, exportIssues, type IssueFilter } from "./issue.server";

const COLUMNS = ["number", "title", "wg", "type", "status", "priority", "assignee", "ball", "dueOn", "carryOvers", "age", "towns", "labels", "vendorVisible", "createdAt", "updatedAt"] as const;

export async function issuesCsv({ viewer, filter, locale }: { viewer: Viewer; filter: IssueFilter; locale: Locale }) {
  const t = translator(locale);
  const rows = await exportIssues({ viewer, filter });
  const list = (items: string[]) => items.join(t("issues.csv.listSeparator"));
  return toCsv([
    COLUMNS.map((c) => t(`issues.csv.${c}` as MessageKey)),
    ...rows.map((r) => [
      r.number,
      r.title,
      r.wgName,
      r.type,
      r.status,
      r.priority,
      r.assigneeName ?? "",
      r.ballHolderName ?? "",
      r.dueOn ?? "",
      r.carryOverCount,
      ageInDays(r.createdAt),
      list(r.towns),
      list(r.labels.map((l) => l.name)),
      t(r.vendorVisible ? "issues.csv.shared" : "issues.csv.notShared"),
      formatDay(r.createdAt, locale),
      formatDay(r.updatedAt, locale),
    ]),
  ]);
}
