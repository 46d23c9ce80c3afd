// The page behind a one-time link (password reset, invitation): a short explanation and the
// new-password fields, or — for an unknown, used, revoked or expired link — one message.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";
import { PASSWORD_MIN } from "~/utils/password-policy";
import { NewPasswordFields } from "./forms";

export function PasswordLinkPage({
  title,
  valid,
  invalidText,
  intro,
  submitLabel,
  errors = {},
}: {
  title: string;
  valid: boolean;
  invalidText: string;
  intro: ReactNode;
  submitLabel: string;
  errors?: Record<string, string | undefined>;
}) {
  const t = useT();
  const err = (f: string) => (errors[f] ? t(errors[f] as MessageKey, { min: PASSWORD_MIN }) : undefined);
  return (
    <main className="login-page">
      <div className="login-card card">
        <h1>{title}</h1>
        {!valid || errors.form ? (
          <p className="form-error" role="alert">
            {invalidText}
          </p>
        ) : (
          <>
            {intro}
            <Form method="post" noValidate>
              <NewPasswordFields errors={{ password: err("password"), confirm: err("confirm") }} minLength={PASSWORD_MIN} />
              <button type="submit" className="button primary wide">
                {submitLabel}
              </button>
            </Form>
          </>
        )}
      </div>
    </main>
  );
}

export { StandaloneErrorBoundary as PasswordLinkErrorBoundary } from "~/components/error-boundary";
