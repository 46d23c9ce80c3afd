// Form fields with their label, hint and error next to them (WCAG: described-by, invalid).
import { formatDate, todayInJapan } from "~/utils/dates";
import { useLocale, useT } from "~/utils/i18n";
import { parseJapaneseDate } from "~/utils/japanese-date";
import { useEffect, useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

type Common = { label: ReactNode; error?: string | false; hint?: ReactNode };

export function describedBy(id: string, error?: string | false, hint?: ReactNode) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

/** The hint and the error under a field, referenced by the field's aria-describedby. */
export function FieldMessages({ id, hint, error }: { id: string; hint?: ReactNode; error?: string | false }) {
  return (
    <>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}

function FieldFrame({ id, label, error, hint, children }: Common & { id: string; children: ReactNode }) {
  return (
    <div className={error ? "field has-error" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}

export function Field({ label, error, hint, id, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const fallback = useId();
  const fieldId = id ?? fallback;
  return (
    <FieldFrame id={fieldId} label={label} error={error} hint={hint}>
      <input id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fieldId, error, hint)} {...input} />
    </FieldFrame>
  );
}

/**
 * A date typed as people write it: 2026/11/22, R8.11.22, 令和8年11月22日, 11/22 (this year). The
 * server reads it the same way (dateText in forms.server.ts); the hint says how it was read.
 */
export function DateField({ label, error, hint, id, defaultValue, onChange, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const fallback = useId();
  const fieldId = id ?? fallback;
  const t = useT();
  const [typed, setTyped] = useState(String(defaultValue ?? ""));
  const read = useDateReading(typed);
  const shown = (
    <>
      {hint ? <>{hint} </> : null}
      {read ?? t("common.dateHint")}
    </>
  );
  return (
    <FieldFrame id={fieldId} label={label} error={error} hint={shown}>
      <DateInput
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, error, shown)}
        defaultValue={defaultValue}
        onChange={(e) => {
          setTyped(e.target.value);
          onChange?.(e);
        }}
        {...input}
      />
    </FieldFrame>
  );
}

/** The bare input of a date (for forms laid out by hand): text, so 和暦 can be typed. */
export function DateInput(input: InputHTMLAttributes<HTMLInputElement>) {
  return <input type="text" inputMode="text" autoComplete="off" placeholder="2026/11/22" size={12} {...input} />;
}

/** 「2026年11月22日(日) として受け付けます」 for a date that reads, else null. */
function useDateReading(typed: string) {
  const t = useT();
  const locale = useLocale();
  const value = typed.trim();
  if (!value) return null;
  const iso = parseJapaneseDate(value, todayInJapan());
  return iso ? t("common.dateRead", { date: formatDate(iso, locale) }) : t("common.dateUnread");
}

export function SelectField({
  label,
  error,
  hint,
  id,
  options,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string | number; label: string }[] }) {
  const fallback = useId();
  const fieldId = id ?? fallback;
  return (
    <FieldFrame id={fieldId} label={label} error={error} hint={hint}>
      <select id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fieldId, error, hint)} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function CheckboxField({ label, error, hint, id, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const fallback = useId();
  const fieldId = id ?? fallback;
  return (
    <div className={error ? "field checkbox has-error" : "field checkbox"}>
      <input type="checkbox" id={fieldId} aria-describedby={describedBy(fieldId, error, hint)} {...input} />
      <label htmlFor={fieldId}>{label}</label>
      <FieldMessages id={fieldId} hint={hint} error={error} />
    </div>
  );
}

/** A multi-line text field, framed like the fields of ~/components/forms. */
export function TextareaField({ label, error, hint, id, ...textarea }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const fallback = useId();
  const fieldId = id ?? fallback;
  return (
    <FieldFrame id={fieldId} label={label} error={error} hint={hint}>
      <textarea id={fieldId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(fieldId, error, hint)} {...textarea} />
    </FieldFrame>
  );
}

/** Empties an "add" form once its own submission succeeded (the next entry starts blank). */
export function useResetOnSuccess(result: { ok: boolean; intent: string } | undefined, intent: string) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok && result.intent === intent) form.current?.reset();
  }, [result, intent]);
  return form;
}

/** 「新しいパスワード」 and its confirmation, with the length rule as a hint. */
export function NewPasswordFields({ errors, minLength }: { errors: { password?: string; confirm?: string }; minLength: number }) {
  const t = useT();
  return (
    <>
      <Field
        label={t("account.newPassword")}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint={t("account.newPasswordHint", { min: minLength })}
        error={errors.password}
      />
      <Field label={t("account.confirmPassword")} name="confirm" type="password" autoComplete="new-password" required error={errors.confirm} />
    </>
  );
}
