// /admin/export.zip: the download of /admin/export (PMO only; 404 to everyone else). The ZIP is
// streamed as it is made (consortium-export.server.ts), and each download is audited there.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportConsortium, exportDownload } from "~/models/consortium-export.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { answer } from "~/utils/forms.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.export");
  const result = await exportConsortium({ viewer, actor: actorOf(context) });
  if (!result.ok) throw answer(result);
  return exportDownload(request, result);
}
