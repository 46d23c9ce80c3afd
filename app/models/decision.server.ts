// The decision log (決定事項), as far as the viewer may see it.
import { desc, eq } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import type { Viewer } from "~/utils/permissions";
import { visibleDecisions } from "./visibility.server";

export function listDecisions({ viewer }: { viewer: Viewer }) {
  return db
    .select({
      id: schema.decision.id,
      number: schema.decision.number,
      title: schema.decision.title,
      status: schema.decision.status,
      projectName: schema.project.name,
      wgName: schema.workingGroup.name,
      decidedAt: schema.decision.decidedAt,
      updatedAt: schema.decision.updatedAt,
    })
    .from(schema.decision)
    .innerJoin(schema.project, eq(schema.project.id, schema.decision.projectId))
    .leftJoin(schema.workingGroup, eq(schema.workingGroup.id, schema.decision.wgId))
    .where(visibleDecisions(viewer))
    .orderBy(desc(schema.decision.fiscalYear), desc(schema.decision.sequence))
    .all();
}
