// Attachment checks. The type is decided by the file's CONTENT (its first bytes), never by
// the name or the browser's Content-Type; the name's extension must then agree with it.
// Only types staff actually exchange are accepted, and nothing a browser would run
// (HTML, SVG, scripts) — those are refused even when renamed.

import { stripControls } from "./text";

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export type UploadCheck =
  | { ok: true; mime: string; inline: boolean }
  | { ok: false; error: "upload.tooLarge" | "upload.empty" | "upload.typeNotAllowed" | "upload.typeMismatch" };

type Kind = {
  /** Extension (lower case, no dot) → MIME type served for it. */
  mimeByExtension: Record<string, string>;
  /** Shown in the page (images, PDF) rather than downloaded. */
  inline: boolean;
};

const PNG: Kind = { mimeByExtension: { png: "image/png" }, inline: true };
const JPEG: Kind = { mimeByExtension: { jpg: "image/jpeg", jpeg: "image/jpeg" }, inline: true };
const GIF: Kind = { mimeByExtension: { gif: "image/gif" }, inline: true };
const WEBP: Kind = { mimeByExtension: { webp: "image/webp" }, inline: true };
const PDF: Kind = { mimeByExtension: { pdf: "application/pdf" }, inline: true };
const ZIP: Kind = {
  mimeByExtension: {
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    zip: "application/zip",
  },
  inline: false,
};
const OLE: Kind = {
  mimeByExtension: { doc: "application/msword", xls: "application/vnd.ms-excel", ppt: "application/vnd.ms-powerpoint" },
  inline: false,
};
const TEXT: Kind = {
  mimeByExtension: {
    txt: "text/plain; charset=utf-8",
    csv: "text/csv; charset=utf-8",
    md: "text/markdown; charset=utf-8",
  },
  inline: false,
};

const ALL_KINDS = [PNG, JPEG, GIF, WEBP, PDF, ZIP, OLE, TEXT];
const ALLOWED_EXTENSIONS = new Set(ALL_KINDS.flatMap((kind) => Object.keys(kind.mimeByExtension)));

export function checkUpload(fileName: string, bytes: Uint8Array): UploadCheck {
  if (bytes.length === 0) return { ok: false, error: "upload.empty" };
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, error: "upload.tooLarge" };
  const extension = extensionOf(fileName);
  const kind = sniff(bytes);
  if (!kind || !ALLOWED_EXTENSIONS.has(extension)) return { ok: false, error: "upload.typeNotAllowed" };
  const mime = kind.mimeByExtension[extension];
  if (!mime) return { ok: false, error: "upload.typeMismatch" };
  return { ok: true, mime, inline: kind.inline };
}

/**
 * Content-Disposition value (RFC 6266): a quoted ASCII fallback for old clients plus
 * `filename*=UTF-8''…` (RFC 5987) when the name is not plain ASCII, e.g. 会議資料.pdf.
 */
export function contentDisposition(fileName: string, inline: boolean): string {
  const name = safeFileName(fileName);
  // Non-ASCII runs become "_"; "%" too, since some clients would percent-decode the fallback.
  const fallback = name.replace(/[^\x20-\x7e]+|%/g, "_");
  let header = `${inline ? "inline" : "attachment"}; filename="${fallback}"`;
  if (fallback !== name) header += `; filename*=UTF-8''${encodeRfc5987(name)}`;
  return header;
}

// --- helpers -----------------------------------------------------------------------------

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0) {
  return bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);
}

const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

function sniff(bytes: Uint8Array): Kind | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return GIF;
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return WEBP;
  if (startsWith(bytes, ascii("%PDF-"))) return PDF;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return ZIP;
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return OLE;
  if (isUtf8Text(bytes)) return TEXT;
  return undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Valid UTF-8 (a BOM is fine) without NUL bytes — anything else is binary. */
function isUtf8Text(bytes: Uint8Array) {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The last path segment, without control characters, quotes or path separators. */
export function safeFileName(fileName: string) {
  const base = stripControls(fileName.normalize("NFC")).split(/[/\\]/).pop() ?? "";
  const cleaned = base
    .replace(/"/g, "")
    .trim()
    .replace(/^\.+/, ""); // no hidden or ".." names
  return cleaned || "download";
}

function extensionOf(fileName: string) {
  const name = safeFileName(fileName);
  const dot = name.lastIndexOf(".");
  return dot === -1 ? "" : name.slice(dot + 1).toLowerCase();
}

/** RFC 5987 attr-char: encodeURIComponent leaves ' ( ) * unescaped, which are not allowed. */
function encodeRfc5987(value: string) {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Whether a stored file of this MIME type is shown in the page rather than downloaded. */
export function isInlineMime(mime: string) {
  return ALL_KINDS.some((kind) => kind.inline && Object.values(kind.mimeByExtension).includes(mime));
}
