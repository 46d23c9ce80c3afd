import type { LoaderFunctionArgs } from "@remix-run/node";
import { translate } from "~/i18n";
import { decisionsCsvRows } from "~/models/decision-csv.server";
import { parseDecisionFilter } from "~/models/decision.server";
import { csvHeaders, toCsv } from "~/utils/csv";
import { todayInJapan } from "~/utils/dates";
import { requireAuth } from "~/policy/guard.server";

/** /decisions.csv — the register with the filter in the URL; stances only for those who may read them. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer, user } = requireAuth(request, context);
  const filter = parseDecisionFilter(new URL(request.url).searchParams);
  const fileName = translate(user.locale, "decisions.csv.fileName", { date: todayInJapan() });
  return new Response(toCsv(await decisionsCsvRows({ viewer, filter, locale: user.locale })), { headers: csvHeaders(fileName) });
}
