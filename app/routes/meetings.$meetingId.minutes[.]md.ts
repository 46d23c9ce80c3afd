import type { LoaderFunctionArgs } from "@remix-run/node";
import { minutesMarkdown } from "~/models/meeting-export.server";
import { parseId } from "~/utils/params";
import { notFound, requireAuth } from "~/policy/guard.server";
import { contentDisposition } from "~/utils/upload.server";

/** /meetings/:meetingId/minutes.md — the sticky-note minutes as a markdown download. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const minutes = await minutesMarkdown({ viewer, meetingId: parseId(params.meetingId), origin: new URL(request.url).origin });
  if (!minutes) notFound();
  return new Response(minutes.body, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": contentDisposition(minutes.fileName, false),
      "Cache-Control": "no-store",
    },
  });
}
