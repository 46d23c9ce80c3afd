import type { LoaderFunctionArgs } from "@remix-run/node";
import { decisionsCsvRows, parseDecisionFilter } from "~/models/decision.server";
import { csvHeaders, toCsv } from "~/utils/csv";
import { todayInJapan } from "~/utils/dates";
import { requireAuth } from "~/policy/guard.server";

/** /decisions.csv — the register with the filter in the URL; stances only for those who may read them. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const filter = parseDecisionFilter(new URL(request.url).searchParams);
  return new Response(toCsv(await decisionsCsvRows({ viewer, filter })), { headers: csvHeaders(`決定事項一覧_${todayInJapan()}.csv`) });
}
