// The issue list as CSV: the current filter, the viewer's visibility, every matching row.
import { formatDay } from "~/utils/dates";
import { toCsv } from "~/utils/csv";
import type { Viewer } from "~/policy/permissions";
import { ageInDays, exportIssues, type IssueFilter } from "./issue.server";

const HEADER = ["番号", "件名", "WG", "種別", "状態", "優先度", "担当者", "ボール", "期限", "持ち越し回数", "経過日数", "影響を受ける団体", "ラベル", "事業者に公開", "登録日", "更新日"];

export async function issuesCsv({ viewer, filter }: { viewer: Viewer; filter: IssueFilter }) {
  const rows = await exportIssues({ viewer, filter });
  return toCsv([
    HEADER,
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
      r.towns.join("、"),
      r.labels.map((l) => l.name).join("、"),
      r.vendorVisible ? "公開" : "非公開",
      formatDay(r.createdAt),
      formatDay(r.updatedAt),
    ]),
  ]);
}
