// /admin/export.zip: the download of /admin/export (PMO only; 404 to everyone else). The ZIP is
// streamed as it is made (consortium-export.server.ts), and each download is audited there.
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { exportConsortium } from "~/models/consortium-export.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { answer } from "~/utils/forms.server";
import { contentDisposition } from "~/utils/upload.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.export");
  const result = await exportConsortium({ viewer, actor: actorOf(context) });
  if (!result.ok) throw answer(result);
  // A download given up half-way ends the read snapshot at once.
  request.signal.addEventListener("abort", result.cancel, { once: true });
  return new Response(createReadableStreamFromReadable(result.stream), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": contentDisposition(result.fileName, false),
      "Cache-Control": "no-store",
    },
  });
}
