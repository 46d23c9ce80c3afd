// Characters that have no business in what people type: C0 and C1 controls (NUL, ESC, …)
// and the invisible bidirectional overrides (U+202E turns 「gpj.exe」 into 「exe.jpg」 on
// screen). Tabs and line breaks stay where text may have several lines.
const CONTROLS_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const CONTROLS_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text without control characters; line breaks are kept when `multiline`. */
export function stripControls(value: string, { multiline = false } = {}) {
  return value.replace(multiline ? CONTROLS_MULTI_LINE : CONTROLS_SINGLE_LINE, "");
}

/** A size as people read it: 980 KB, 12.5 MB, 2 GB. */
export function formatBytes(bytes: number) {
  if (bytes < 1024 * 1024) return `${Math.max(bytes ? 1 : 0, Math.round(bytes / 1024))} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  return `${Number((bytes / 1024 / 1024 / 1024).toFixed(1))} GB`;
}
