import type { LoaderFunctionArgs } from "@remix-run/node";
import { meetingsIcs } from "~/models/meeting-export.server";
import { requireAuth } from "~/policy/guard.server";
import { contentDisposition } from "~/utils/upload.server";

/** /meetings.ics — the viewer's meetings as an iCalendar feed (session cookie). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  return new Response(await meetingsIcs({ viewer, origin: new URL(request.url).origin }), {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": contentDisposition("renkei-meetings.ics", false),
      "Cache-Control": "no-store",
    },
  });
}
