import fs from "node:fs";
import { Readable } from "node:stream";
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { openAttachment } from "~/models/attachment.server";
import { parseId } from "~/utils/params";
import { notFound, requireAuth } from "~/policy/guard.server";
import { contentDisposition, isInlineMime } from "~/utils/upload.server";

/** Serves a file to those who may see what it is attached to; never as something executable. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const file = await openAttachment({ viewer, attachmentId: parseId(params.attachmentId) });
  if (!file) notFound();
  const inline = isInlineMime(file.mime);
  return new Response(createReadableStreamFromReadable(Readable.from(fs.createReadStream(file.path))), {
    headers: {
      "Content-Type": file.mime,
      "Content-Length": String(file.size),
      "Content-Disposition": contentDisposition(file.fileName, inline),
      "X-Content-Type-Options": "nosniff",
      // Even if a browser were tricked into rendering it, the file can run nothing.
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      "Cache-Control": "private, max-age=3600",
    },
  });
}
