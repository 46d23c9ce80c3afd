// /operator/consortia/:consortiumId/export.zip: a consortium's whole export for the installation's
// operator (a handover, ADR 029): the same ZIP its PMO downloads from /admin/export, let through
// by the operator's role, not by a membership, and audited in the consortium with who took it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportDownload } from "~/models/consortium-export.server";
import { exportForOperator } from "~/models/operator.server";
import { requireOperator } from "~/policy/guard.server";
import { answer } from "~/utils/forms.server";
import { parseId } from "~/utils/params";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const account = requireOperator(request, context);
  const consortiumId = parseId(params.consortiumId);
  const result = await exportForOperator({ account, ip: context.ip, consortiumId });
  if (!result.ok) throw answer(result);
  return exportDownload(request, result);
}
