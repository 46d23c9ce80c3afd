// Progress reports (進捗報告) with their frozen snapshot.
import * as schema from "../schema/index";
import { FACTORY_NOW, type Handle, type Insert, insertRow } from "./define";

type Report = Insert<typeof schema.progressReport>;

export function reportRow(overrides: Partial<Report> & Pick<Report, "consortiumId" | "projectId" | "period" | "createdBy">): Report {
  return {
    title: `${overrides.period} 進捗報告`,
    snapshot: { takenAt: overrides.createdAt ?? FACTORY_NOW },
    createdAt: FACTORY_NOW,
    updatedAt: overrides.createdAt ?? FACTORY_NOW,
    ...overrides,
  };
}
export const insertReport = (tx: Handle, overrides: Partial<Report> & Pick<Report, "consortiumId" | "projectId" | "period" | "createdBy">) =>
  insertRow(tx, schema.progressReport, reportRow(overrides));
