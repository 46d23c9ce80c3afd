import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "~/i18n";
import { issuesCsv } from "~/models/issue-csv.server";
import { parseIssueFilter } from "~/models/issue.server";
import { csvHeaders } from "~/utils/csv";
import { todayInJapan } from "~/utils/dates";
import { requireAuth, requirePermission } from "~/policy/guard.server";

/** /issues.csv — the consortium-wide list as the viewer may see it. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer, user } = requireAuth(request, context);
  requirePermission(viewer, "search.consortium");
  const filter = { ...parseIssueFilter(new URL(request.url).searchParams, viewer), page: 1 };
  const fileName = translate(user.locale, "issues.csv.fileName", { date: todayInJapan() });
  return new Response(await issuesCsv({ viewer, filter, locale: user.locale }), { headers: csvHeaders(fileName) });
}
