// The decision register as CSV: the current filter and the viewer's visibility, one column per
// town with its stance and approval for those who may read stances; headers in the requester's
// locale, stored words (status, stance, approval) as stored.
import { translator, type Locale } from "~/i18n";
import { formatDay } from "~/utils/dates";
import { can, type Viewer } from "~/policy/permissions";
import { consortiumTowns, listDecisions, type DecisionFilter } from "./decision.server";

export async function decisionsCsvRows({ viewer, filter, locale }: { viewer: Viewer; filter: DecisionFilter; locale: Locale }) {
  const t = translator(locale);
  const rows = await listDecisions({ viewer, filter });
  const seeStances = can(viewer, "stance.read");
  const towns = seeStances ? await consortiumTowns(viewer) : [];
  const columns = ["number", "title", "status", "project", "wg", "stanceDueOn", "decidedAt", "reviewOn"] as const;
  const header = [...columns.map((c) => t(`decisions.csv.${c}`)), ...towns.map((town) => t("decisions.csv.town", { town: town.name }))];
  const body = rows.map((r) => [
    r.number,
    r.title,
    r.status,
    r.projectName,
    r.wgName ?? "",
    r.stanceDueOn ?? "",
    r.decidedAt ? formatDay(r.decidedAt, locale) : "",
    r.reviewOn ?? "",
    ...towns.map((town) => {
      const cell = r.stances.find((s) => s.organizationId === town.id);
      return cell ? t("decisions.csv.stanceCell", { stance: cell.stance ?? t("decisions.csv.noAnswer"), approval: cell.approval }) : t("decisions.csv.notAsked");
    }),
  ]);
  return [header, ...body];
}
