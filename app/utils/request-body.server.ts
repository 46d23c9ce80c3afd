// Reading a request body: the ONE way actions read what was posted. Only the two encodings a
// browser form sends are accepted, each with a size limit enforced while streaming (an
// oversized body is never fully read into memory). Anything else is refused with a 4xx and a
// Japanese message before any work is done, so no action sees half a form.
// (Leftover body bytes of a refused request are drained or the connection closed by the
// server entry, so a keep-alive connection never hangs behind them.)
import crypto from "node:crypto";
import {
  json,
  MaxPartSizeExceededError,
  NodeOnDiskFile,
  unstable_composeUploadHandlers,
  unstable_createFileUploadHandler,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { translate, type MessageKey } from "~/i18n";
import { stripControls } from "./text";
import { MAX_UPLOAD_BYTES } from "./upload.server";

/** A form without files: generous for long Japanese texts (9 bytes a character when encoded). */
export const MAX_FORM_BYTES = 2 * 1024 * 1024;
/** A form with files: a few files at the per-file limit. */
export const MAX_MULTIPART_BYTES = 3 * MAX_UPLOAD_BYTES + MAX_FORM_BYTES;

class TooLarge extends Error {}

/** The refusal: its catalog key for pages (the error boundary shows it), its text for other clients. */
function refuse(status: 400 | 413 | 415, code: MessageKey): never {
  throw json({ code, message: translate("ja", code) }, { status });
}

/** The body as bytes, refusing (without reading on) once it passes the limit. */
async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number) {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw new TooLarge();
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}

/**
 * The same body for the streaming multipart parser, refusing once it passes the limit, and
 * refusing a body cut off before its closing delimiter (which the parser would take as a
 * shorter form).
 */
function checkedMultipart(body: ReadableStream<Uint8Array>, limit: number, boundary: string) {
  const closing = Buffer.from(`--${boundary}--`);
  let size = 0;
  let tail = Buffer.alloc(0);
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > limit) return controller.error(new TooLarge());
        // Only the last bytes are kept: the closing delimiter must be among them at the end.
        tail = Buffer.concat([tail, chunk.subarray(-(closing.length + 64))]).subarray(-(closing.length + 64));
        controller.enqueue(chunk);
      },
      flush(controller) {
        if (!tail.includes(closing)) controller.error(new Error("multipart body without its closing delimiter"));
      },
    }),
    // Cancelling the request's own stream would destroy the socket before the 413 is sent.
    { preventCancel: true },
  );
}

/** The posted values without control characters (NUL, ESC, bidirectional overrides); line breaks stay. */
function cleaned(values: Iterable<[string, FormDataEntryValue]>) {
  const form = new FormData();
  for (const [key, value] of values) form.append(stripControls(key), typeof value === "string" ? stripControls(value, { multiline: true }) : value);
  return form;
}

type Read = { form: FormData; tooLarge: false } | { form: null; tooLarge: true };

/** The request's multipart body, refused (415/400) if it is not one, limited to `limit` bytes as it streams. */
function limitedMultipart(request: Request, limit: number) {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (!type.startsWith("multipart/form-data")) refuse(415, "error.body.unsupported");
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(request.headers.get("content-type") ?? "");
  if (!boundary || !request.body) refuse(400, "error.body.malformed");
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: checkedMultipart(request.body, limit, boundary[1] ?? boundary[2]),
    duplex: "half", // Node's fetch needs this for a streamed body
  });
}

/**
 * Reads a posted form, for an action with a file field: a file over the per-file limit
 * comes back as `tooLarge`, so the action can show the message next to that field. Every
 * other defect (no or another content type, a broken multipart body, a body over the total
 * limit) throws a 4xx response.
 */
export async function readUploadForm(request: Request): Promise<Read> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.startsWith("application/x-www-form-urlencoded")) {
    try {
      const bytes = await readLimited(request.body, MAX_FORM_BYTES);
      return { form: cleaned(new URLSearchParams(new TextDecoder().decode(bytes))), tooLarge: false };
    } catch (error) {
      if (error instanceof TooLarge) refuse(413, "error.body.tooLarge");
      refuse(400, "error.body.malformed");
    }
  }
  const limited = limitedMultipart(request, MAX_MULTIPART_BYTES);
  try {
    const form = await unstable_parseMultipartFormData(limited, unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }));
    return { form: cleaned(form), tooLarge: false };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { form: null, tooLarge: true };
    if (error instanceof TooLarge) refuse(413, "error.body.tooLarge");
    // Truncated bodies, a malformed part header (e.g. a line break inside a file name), …
    refuse(400, "error.body.malformed");
  }
}

/**
 * Reads a posted form with one large file (`field`, e.g. a consortium's export): that file streams
 * to a new file in `directory`, at most `maxBytes` (else `tooLarge`, and nothing is left on disk);
 * the other fields are read as readForm reads them. Any other defect throws a 4xx response. The
 * caller removes `file` when done with it.
 */
export async function readLargeUploadForm(request: Request, { field, maxBytes, directory }: { field: string; maxBytes: number; directory: string }): Promise<
  { form: FormData; file: string | null; tooLarge: false } | { form: null; file: null; tooLarge: true }
> {
  const limited = limitedMultipart(request, maxBytes + MAX_FORM_BYTES);
  const toDisk = unstable_createFileUploadHandler({
    directory,
    file: () => `${crypto.randomUUID()}.upload`,
    maxPartSize: maxBytes,
    filter: ({ name, filename }) => name === field && filename !== "",
  });
  try {
    const form = await unstable_parseMultipartFormData(limited, unstable_composeUploadHandlers(toDisk, unstable_createMemoryUploadHandler({ maxPartSize: MAX_FORM_BYTES })));
    const files = form.getAll(field).flatMap((v) => ((v as unknown) instanceof NodeOnDiskFile ? [v as unknown as NodeOnDiskFile] : []));
    // One file is read; any more are removed at once.
    await Promise.all(files.slice(1).map((f) => f.remove()));
    form.delete(field);
    return { form: cleaned(form), file: files[0]?.getFilePath() ?? null, tooLarge: false };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { form: null, file: null, tooLarge: true };
    if (error instanceof TooLarge) refuse(413, "error.body.tooLarge");
    refuse(400, "error.body.malformed");
  }
}

/** Reads a posted form for an action without file fields; any defect throws a 4xx response. */
export async function readForm(request: Request): Promise<FormData> {
  const read = await readUploadForm(request);
  if (read.tooLarge) refuse(413, "error.body.tooLarge");
  return read.form;
}

/**
 * The files of a field. A file input with nothing chosen sends one nameless empty part,
 * which is skipped; an empty file the user did choose is kept (and then refused).
 */
export function filesOf(form: FormData, field: string) {
  return form.getAll(field).filter((v): v is File => typeof v === "object" && v !== null && "arrayBuffer" in v && ((v as File).name !== "" || (v as File).size > 0));
}
