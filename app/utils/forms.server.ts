// Form parsing: zod schemas whose messages are catalog keys, errors returned as 400.
import { json } from "@remix-run/node";
import { z } from "zod";
import { statusOf, type FieldErrors, type Refusal } from "~/domain/result";
import { notFound } from "~/policy/guard.server";
import type { MessageKey, Vars } from "~/i18n";
import { isIsoDate, todayInJapan } from "~/utils/dates";
import { parseJapaneseDate } from "~/utils/japanese-date";

export type { FieldErrors };

/** Parses a form; on failure returns the first message per field (catalog keys). */
export function parseForm<S extends z.ZodTypeAny>(schema: S, form: FormData) {
  const values: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    values[key] = all.length > 1 ? all : all[0];
  }
  const result = schema.safeParse(values);
  if (result.success) return { data: result.data as z.infer<S>, errors: null };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message as MessageKey;
  }
  return { data: null, errors };
}

/** The 400 response every form action returns for bad input. */
export function badRequest<E extends Record<string, unknown> = { values?: Record<string, string | boolean> }>(
  errors: FieldErrors,
  extra?: E,
  status: 400 | 403 | 409 | 413 | 415 = 400,
) {
  return json({ ok: false as const, errors, ...(extra as E) }, { status });
}

/**
 * The HTTP answer to a model's refusal — the one mapping (ADR 019): not-found throws the 404
 * page (a hidden item is answered exactly like a missing one); the others return the form's
 * errors with 403, 409 or 400 (413/415 for an upload), and `extra` (the submitted values).
 */
export function answer<E extends Record<string, unknown>>(refusal: Refusal, extra?: E) {
  if (refusal.kind === "not-found") notFound();
  return json({ ok: false as const, errors: refusal.errors, ...(extra as E) }, { status: statusOf(refusal) });
}

/**
 * The answers of a page with several forms, each posting its own `intent`: done, with the
 * message to show beside the form that sent it…
 */
export function intentDone(intent: string, message: MessageKey, vars: Vars = {}) {
  return json({ ok: true as const, intent, message, vars });
}

/** …or refused, beside that form, with what the user typed (not-found throws the 404 page). */
export function intentRefused(intent: string, form: FormData, refusal: Refusal) {
  return answer(refusal, { intent, values: submittedValues(form) });
}

export type IntentAnswer = ReturnType<typeof intentDone> | ReturnType<typeof intentRefused>;

/** The status for a refused upload: too large 413, empty 400, a refused type 415. */
export function uploadStatus(error: string) {
  return error === "upload.tooLarge" ? 413 : error === "upload.empty" ? 400 : 415;
}

/** Trimmed text: empty → required message; longer than max → too-long message. */
export function text(max: number, messages: { required?: MessageKey; tooLong: MessageKey }) {
  const base = z.preprocess((v) => (typeof v === "string" ? v.trim() : ""), z.string().max(max, messages.tooLong));
  return messages.required ? base.pipe(z.string().min(1, messages.required)) : base;
}

/**
 * A date as people type it: 2026-11-22, 2026/11/22, R8.11.22, 令和8年11月22日, full-width digits;
 * ISO `YYYY-MM-DD` out. Blank is null; anything unreadable gets `invalid`.
 */
export function dateText(invalid: MessageKey) {
  return z
    .preprocess((v) => {
      const raw = typeof v === "string" ? v.trim() : "";
      return raw === "" ? null : (parseJapaneseDate(raw, todayInJapan()) ?? raw);
    }, z.string().nullable())
    .refine((v) => v === null || isIsoDate(v), invalid);
}

/** The same, where a date must be given. */
export function requiredDateText(required: MessageKey, invalid: MessageKey) {
  return dateText(invalid).pipe(z.string({ invalid_type_error: required }));
}

/** A checkbox: present ("on") or absent. */
export const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === "1", z.boolean());

/** What the user typed, to put back into the form after a 400 (never passwords or files). */
export function submittedValues(form: FormData) {
  const values: Record<string, string | boolean> = {};
  for (const [key, value] of form) {
    if (typeof value === "string" && !/password|confirm/i.test(key)) values[key] = key === "orgAdmin" ? true : value;
  }
  return values;
}
