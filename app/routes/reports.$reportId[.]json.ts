import type { LoaderFunctionArgs } from "@remix-run/node";
import { readSnapshot } from "~/components/report-document";
import { getReport, recordRead } from "~/models/report.server";
import { parseId } from "~/utils/params";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";
import { contentDisposition } from "~/utils/upload.server";

/** /reports/:id.json — the report with its frozen figures, for open data and reuse. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const report = await getReport({ viewer, reportId: parseId(params.reportId) });
  if (!report) notFound();
  await recordRead({ actor: actorOf(context), report, via: "json" });
  const body = {
    id: report.id,
    consortium: report.consortiumName,
    project: { id: report.projectId, name: report.projectName },
    period: report.period,
    title: report.title,
    status: report.status,
    audienceRank: report.audienceRank,
    publishedAt: report.publishedAt ? new Date(report.publishedAt).toISOString() : null,
    correctsId: report.corrects?.id ?? null,
    correctedById: report.correctedBy?.status === "公開" ? report.correctedBy.id : null,
    narrativeMarkdown: report.narrative,
    lights: report.lights,
    highlights: report.highlights,
    figures: readSnapshot(report.snapshot),
  };
  return new Response(JSON.stringify(body, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": contentDisposition(`report-${report.id}-${report.period}.json`, true),
      "Cache-Control": "no-store",
    },
  });
}
