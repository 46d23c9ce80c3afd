// The feedback of a page with several forms, each posting its own `intent` (the admin project
// and working-group pages): the errors and typed values go back to the form that sent them,
// and the outcome shows in that form's section.
import type { ReactNode } from "react";
import type { MessageKey, Vars } from "~/i18n";
import { useT } from "~/utils/i18n";

/** What intentDone / intentRefused (app/utils/forms.server.ts) answer, as the page reads it. */
export type IntentResult =
  | { ok: true; intent: string; message: MessageKey; vars: Vars }
  | { ok: false; intent: string; errors: Partial<Record<string, MessageKey>>; values?: Record<string, string | boolean> };

export type IntentFeedback = {
  /** The refused answer, if the last post was refused. */
  failed: Extract<IntentResult, { ok: false }> | null;
  /** The field messages (catalog keys) for the form of this intent. */
  errorsOf: (intent: string) => Partial<Record<string, string>>;
  /** What the user typed into the form of this intent, when it was refused. */
  valuesOf: (intent: string) => Record<string, string | boolean> | undefined;
  /** One field's message for the form of this intent, translated. */
  err: (intent: string, field: string) => string | undefined;
  /** One field's typed value for the form of this intent, when it was refused. */
  value: (intent: string, field: string) => string | undefined;
  /** The outcome of the last post, when it came from one of these intents. */
  outcome: (intents: readonly string[]) => ReactNode;
};

export function useIntentFeedback(result: IntentResult | undefined): IntentFeedback {
  const t = useT();
  const failed = result && !result.ok ? result : null;
  const errorsOf = (intent: string): Partial<Record<string, string>> => (failed?.intent === intent ? failed.errors : {});
  const valuesOf = (intent: string) => (failed?.intent === intent ? failed.values : undefined);
  return {
    failed,
    errorsOf,
    valuesOf,
    err: (intent, field) => {
      const key = errorsOf(intent)[field];
      return key ? t(key as MessageKey) : undefined;
    },
    value: (intent, field) => (failed?.intent === intent ? String(failed.values?.[field] ?? "") : undefined),
    outcome: (intents) => {
      if (!result || !intents.includes(result.intent)) return null;
      return result.ok ? (
        <p className="flash" role="status">
          {t(result.message, result.vars)}
        </p>
      ) : (
        <p className="form-error" role="alert">
          {t("common.fixErrors")}
        </p>
      );
    },
  };
}
