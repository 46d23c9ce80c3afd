import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "~/i18n";
import { issuesCsv } from "~/models/issue-csv.server";
import { parseIssueFilter } from "~/models/issue.server";
import { getWorkingGroup } from "~/models/project.server";
import { csvHeaders } from "~/utils/csv";
import { todayInJapan } from "~/utils/dates";
import { parseId } from "~/utils/params";
import { notFound, requireAuth } from "~/policy/guard.server";

/** /wg/:wgId/issues.csv — the WG's list with the filter in the URL. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer, user } = requireAuth(request, context);
  const wgId = parseId(params.wgId);
  const wg = await getWorkingGroup({ viewer, wgId });
  if (!wg) notFound();
  const filter = { ...parseIssueFilter(new URL(request.url).searchParams, viewer), wgId, page: 1 };
  const fileName = translate(user.locale, "issues.csv.fileNameWg", { wg: wg.name, date: todayInJapan() });
  return new Response(await issuesCsv({ viewer, filter, locale: user.locale }), { headers: csvHeaders(fileName) });
}
