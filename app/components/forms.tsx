// Form fields with their label, hint and error next to them (WCAG: described-by, invalid).
import { useT } from "~/utils/i18n";
import { useEffect, useId, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

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
