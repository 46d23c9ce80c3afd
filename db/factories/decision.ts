// Decisions (決定事項), the towns that take part, and their stances (意思表示).
import { and, eq, sql } from "drizzle-orm";
import { fiscalYear, isoDateInJapan } from "../../app/utils/dates";
import * as schema from "../schema/index";
import { FACTORY_NOW, type Handle, type Insert, insertRow } from "./define";

type Decision = Insert<typeof schema.decision>;
type Stance = Insert<typeof schema.decisionStance>;
type StanceHistory = Insert<typeof schema.decisionStanceHistory>;

/** The D-<年度>-NNN number of the `sequence`-th decision of a fiscal year. */
export const decisionNumber = (year: number, sequence: number) => `D-${year}-${String(sequence).padStart(3, "0")}`;

export function decisionRow(
  overrides: Partial<Decision> & Pick<Decision, "consortiumId" | "projectId" | "fiscalYear" | "sequence" | "createdBy">,
): Decision {
  return {
    number: decisionNumber(overrides.fiscalYear, overrides.sequence),
    title: `テスト用の決定事項 ${overrides.sequence}`,
    createdAt: FACTORY_NOW,
    updatedAt: overrides.createdAt ?? FACTORY_NOW,
    ...overrides,
  };
}
export function stanceRow(overrides: Partial<Stance> & Pick<Stance, "decisionId" | "organizationId">): Stance {
  return { ...overrides };
}
export function stanceHistoryRow(overrides: Partial<StanceHistory> & Pick<StanceHistory, "decisionId" | "organizationId" | "approval" | "recordedBy">): StanceHistory {
  return { createdAt: FACTORY_NOW, ...overrides };
}

/**
 * A decision numbered next in the fiscal year of its creation (unless told), with the towns
 * that take part (`organizationIds`, each with an empty stance row, as the app creates them).
 */
export function insertDecision(
  tx: Handle,
  {
    organizationIds = [],
    fiscalYearStartMonth = 4,
    ...overrides
  }: Partial<Decision> & Pick<Decision, "consortiumId" | "projectId" | "createdBy"> & { organizationIds?: number[]; fiscalYearStartMonth?: number },
) {
  const createdAt = overrides.createdAt ?? FACTORY_NOW;
  const year = overrides.fiscalYear ?? fiscalYear(isoDateInJapan(createdAt), fiscalYearStartMonth);
  const sequence =
    overrides.sequence ??
    tx
      .select({ n: sql<number>`coalesce(max(${schema.decision.sequence}), 0) + 1` })
      .from(schema.decision)
      .where(and(eq(schema.decision.consortiumId, overrides.consortiumId), eq(schema.decision.fiscalYear, year)))
      .get()!.n;
  const row = insertRow(tx, schema.decision, decisionRow({ ...overrides, createdAt, fiscalYear: year, sequence }));
  for (const organizationId of organizationIds) {
    insertRow(tx, schema.decisionOrganization, { decisionId: row.id, organizationId });
    insertRow(tx, schema.decisionStance, stanceRow({ decisionId: row.id, organizationId }));
  }
  return row;
}
