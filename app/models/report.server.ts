// Progress reports (進捗報告), as far as the viewer may see them.
import { desc, eq } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import type { Viewer } from "~/utils/permissions";
import { visibleReports } from "./visibility.server";

export function listReports({ viewer }: { viewer: Viewer }) {
  return db
    .select({
      id: schema.progressReport.id,
      title: schema.progressReport.title,
      period: schema.progressReport.period,
      status: schema.progressReport.status,
      audienceRank: schema.progressReport.audienceRank,
      projectName: schema.project.name,
      publishedAt: schema.progressReport.publishedAt,
    })
    .from(schema.progressReport)
    .innerJoin(schema.project, eq(schema.project.id, schema.progressReport.projectId))
    .where(visibleReports(viewer))
    .orderBy(desc(schema.progressReport.period), desc(schema.progressReport.id))
    .all();
}
