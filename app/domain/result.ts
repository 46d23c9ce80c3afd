// The one result every model write returns: done, or refused in one of four ways. Pure and
// client-safe; `answer()` in app/utils/forms.server.ts turns a refusal into the HTTP answer.
import type { MessageKey } from "~/i18n";

/** The first message per form field (catalog keys); `form` for the form as a whole. */
export type FieldErrors = Partial<Record<string, MessageKey>>;

export type Refusal =
  /** Absent, or hidden from this viewer: answered 404, exactly as if it did not exist. */
  | { ok: false; kind: "not-found" }
  /** Visible, but this viewer may not do this: 403. */
  | { ok: false; kind: "forbidden"; errors: FieldErrors }
  /** The item's state forbids it now (already decided, minutes locked, a number taken): 409. */
  | { ok: false; kind: "conflict"; errors: FieldErrors }
  /** The input is wrong: 400, or 413/415 for a refused upload. */
  | { ok: false; kind: "invalid"; errors: FieldErrors; status?: 413 | 415 };

export type Result<T extends object = object> = ({ ok: true } & T) | Refusal;

export const ok = <T extends object>(value: T = {} as T) => ({ ok: true as const, ...value });
export const notFound = (): Refusal => ({ ok: false, kind: "not-found" });
export const forbidden = (message: MessageKey, field = "form"): Refusal => ({ ok: false, kind: "forbidden", errors: { [field]: message } });
export const conflict = (message: MessageKey, field = "form"): Refusal => ({ ok: false, kind: "conflict", errors: { [field]: message } });
export const invalid = (errors: FieldErrors, status?: 413 | 415): Refusal => ({ ok: false, kind: "invalid", errors, ...(status ? { status } : {}) });
export const invalidField = (field: string, message: MessageKey) => invalid({ [field]: message });

/** The HTTP status of a refusal. */
export function statusOf(refusal: Refusal): 400 | 403 | 404 | 409 | 413 | 415 {
  switch (refusal.kind) {
    case "not-found":
      return 404;
    case "forbidden":
      return 403;
    case "conflict":
      return 409;
    case "invalid":
      return refusal.status ?? 400;
  }
}
