// Reading a form that may carry files, with the per-file size limit enforced while
// streaming (an oversized file is never fully read into memory).
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { MAX_UPLOAD_BYTES } from "./upload.server";

export async function readForm(request: Request): Promise<{ form: FormData; tooLarge: false } | { form: null; tooLarge: true }> {
  if (!request.headers.get("content-type")?.startsWith("multipart/form-data")) {
    return { form: await request.formData(), tooLarge: false };
  }
  try {
    const form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_UPLOAD_BYTES }));
    return { form, tooLarge: false };
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { form: null, tooLarge: true };
    throw error;
  }
}

/**
 * The files of a field. A file input with nothing chosen sends one nameless empty part,
 * which is skipped; an empty file the user did choose is kept (and then refused).
 */
export function filesOf(form: FormData, field: string) {
  return form.getAll(field).filter((v): v is File => typeof v === "object" && v !== null && "arrayBuffer" in v && ((v as File).name !== "" || (v as File).size > 0));
}
