// /admin/consortium: the consortium's settings (PMO only; 404 to everyone else, ADR 023's
// sibling of the first setup), with the history of its discussion rules.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ConsortiumFields } from "~/components/consortium-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, TextareaField } from "~/components/forms";
import type { MessageKey } from "~/i18n";
import { discussionRulesHistory, getConsortiumSettings, parseConsortiumSettings, updateConsortiumSettings } from "~/models/consortium-settings.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { formatDateTime } from "~/utils/dates";
import { answer, badRequest, submittedValues } from "~/utils/forms.server";
import { pageTitle, useLocale, useT } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";
import { DECISION_RULES, LEGAL_FORMS } from "../../db/schema";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.configure");
  const result = await getConsortiumSettings({ viewer });
  if (!result.ok) throw answer(result);
  return json({
    settings: result.settings,
    history: await discussionRulesHistory({ viewer }),
    choices: { legalForms: [...LEGAL_FORMS], decisionRules: [...DECISION_RULES] },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.configure");
  const form = await readForm(request);
  const { data, errors } = parseConsortiumSettings(form);
  if (!data) return badRequest(errors, { values: submittedValues(form) });
  const result = await updateConsortiumSettings({ viewer, actor: actorOf(context), input: data });
  if (!result.ok) return answer(result, { values: submittedValues(form) });
  return json({ ok: true as const, changed: result.changed });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminConsortium") }];

export default function ConsortiumSettingsPage() {
  const { settings, history, choices } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};
  const submitted: Record<string, string | boolean> | undefined = result && !result.ok && "values" in result ? result.values : undefined;
  const value = (field: string, fallback = "") => String(submitted?.[field] ?? settings[field as keyof typeof settings] ?? fallback);
  const error = (field: string) => (errors[field] ? t(errors[field] as MessageKey) : undefined);
  return (
    <>
      <div className="page-header">
        <h1>{t("settings.title")}</h1>
      </div>
      <p>{t("settings.lead")}</p>
      {result?.ok ? (
        <p className="flash" role="status">
          {t(result.changed ? "settings.saved" : "settings.unchanged")}
        </p>
      ) : null}
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t("common.fixErrors")}
        </p>
      ) : null}
      <section className="card narrow">
        <Form method="post" noValidate>
          <ConsortiumFields choices={choices} value={value} error={error} />
          <CheckboxField
            label={t("settings.approvalRequired")}
            name="approvalRequired"
            defaultChecked={submitted ? submitted.approvalRequired === "on" : settings.approvalRequired}
            hint={t("settings.approvalRequiredHint")}
          />
          <TextareaField label={t("settings.discussionRules")} name="discussionRules" rows={10} defaultValue={value("discussionRules")} hint={t("settings.discussionRulesHint")} error={error("discussionRules")} />
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("settings.save")}
          </button>
        </Form>
      </section>
      <section className="stack" aria-labelledby="rules-history">
        <h2 id="rules-history">{t("settings.history")}</h2>
        {history.length === 0 ? (
          <p className="muted">{t("settings.historyEmpty")}</p>
        ) : (
          <ol className="rules-history">
            {history.map((h, i) => (
              <li key={`${h.at}-${i}`}>
                <details>
                  <summary>{t("settings.historyEntry", { at: formatDateTime(h.at, locale), name: h.actorName ?? "—" })}</summary>
                  <pre className="rules-text">{h.rules || "—"}</pre>
                </details>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
