// /operator: every consortium of the installation, with what the operator does to one — suspend,
// resume, archive (read-only), export for a handover. Nothing of a consortium's content shows
// here (ADR 029): its name, legal form, status, participants and creation date.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useIntentFeedback, type IntentResult } from "~/components/intent-feedback";
import { translate, type MessageKey } from "~/i18n";
import { listConsortia, setConsortiumStatus, type ConsortiumStatus } from "~/models/operator.server";
import { requireOperator } from "~/policy/guard.server";
import { formatDay } from "~/utils/dates";
import { answer, badRequest, intentDone, parseForm } from "~/utils/forms.server";
import { pageTitle, useLocale, useT } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = requireOperator(request, context);
  const result = await listConsortia({ account });
  if (!result.ok) throw answer(result);
  return json({ consortia: result.consortia });
}

/** Each button posts its intent: the status it sets. */
const STATUS_OF = { suspend: "suspended", resume: "active", archive: "archived" } as const satisfies Record<string, ConsortiumStatus>;
const statusForm = z.object({
  intent: z.enum(["suspend", "resume", "archive"], { message: "error.badRequest.body" }),
  consortiumId: z.coerce.number({ message: "error.badRequest.body" }).int().positive("error.badRequest.body"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const account = requireOperator(request, context);
  const form = await readForm(request);
  const { data, errors } = parseForm(statusForm, form);
  if (!data) return badRequest(errors, { intent: String(form.get("intent") ?? "") });
  const status = STATUS_OF[data.intent];
  const result = await setConsortiumStatus({ account, ip: context.ip, consortiumId: data.consortiumId, status });
  if (!result.ok) return answer(result, { intent: data.intent });
  return intentDone(data.intent, "operator.changed", { name: result.name, status: translate(account.locale, `operator.status.${status}`) });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.operator") }];

const BADGE: Record<ConsortiumStatus, string> = { active: "badge ok", suspended: "badge late", archived: "badge muted" };

/** What may be done to a consortium in each status, and the words beside each button. */
const ACTIONS: Record<ConsortiumStatus, { intent: keyof typeof STATUS_OF; label: MessageKey; hint: MessageKey; danger?: boolean; confirm?: MessageKey }[]> = {
  active: [
    { intent: "suspend", label: "operator.suspend", hint: "operator.suspendConfirm", danger: true, confirm: "operator.suspendYes" },
    { intent: "archive", label: "operator.archive", hint: "operator.archiveConfirm", confirm: "operator.archiveYes" },
  ],
  suspended: [
    { intent: "resume", label: "operator.resume", hint: "operator.resumeHint" },
    { intent: "archive", label: "operator.archive", hint: "operator.archiveConfirm", confirm: "operator.archiveYes" },
  ],
  archived: [{ intent: "resume", label: "operator.resume", hint: "operator.resumeHint" }],
};

export default function OperatorConsortia() {
  const { consortia } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as IntentResult | undefined;
  const feedback = useIntentFeedback(result);
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const busy = navigation.state === "submitting";
  return (
    <div className="page">
      <div className="page-header">
        <h1>{t("operator.title")}</h1>
        <Link to="/operator/new" className="button primary">
          {t("operator.create")}
        </Link>
      </div>
      <p>{t("operator.lead")}</p>
      {feedback.outcome(Object.keys(STATUS_OF))}
      {consortia.length === 0 ? (
        <p className="muted">{t("operator.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table with-controls operator-table">
            <thead>
              <tr>
                <th scope="col">{t("operator.col.name")}</th>
                <th scope="col">{t("operator.col.status")}</th>
                <th scope="col" className="num">
                  {t("operator.col.members")}
                </th>
                <th scope="col">{t("operator.col.created")}</th>
                <th scope="col">{t("operator.col.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {consortia.map((c) => (
                <tr key={c.id} className={c.status === "active" ? undefined : "inactive"}>
                  <td>
                    <strong>{c.name}</strong>
                    <div className="muted small">
                      {c.legalForm}
                      {c.mine ? <span className="badge">{t("operator.mine")}</span> : null}
                    </div>
                  </td>
                  <td data-label={t("operator.col.status")}>
                    <span className={BADGE[c.status]}>{t(`operator.status.${c.status}`)}</span>
                  </td>
                  <td className="num" data-label={t("operator.col.members")}>{t("operator.membersCount", { count: c.members.toLocaleString(locale) })}</td>
                  <td className="nowrap" data-label={t("operator.col.created")}>
                    {formatDay(c.createdAt, locale)}
                  </td>
                  <td>
                    <div className="row-actions">
                      {ACTIONS[c.status].map((a) => {
                        const form = (label: MessageKey) => (
                          <Form method="post" key={a.intent}>
                            <input type="hidden" name="consortiumId" value={c.id} />
                            <button type="submit" name="intent" value={a.intent} className={a.danger ? "button small danger" : "button small"} disabled={busy} aria-describedby={`op-${c.id}-${a.intent}`}>
                              {t(label)}
                            </button>
                          </Form>
                        );
                        // Suspending and archiving touch everyone of the consortium: a second click confirms.
                        return a.confirm ? (
                          <details className="confirm-action" key={a.intent}>
                            <summary className={a.danger ? "button small danger" : "button small"}>{t(a.label)}</summary>
                            {form(a.confirm)}
                          </details>
                        ) : (
                          form(a.label)
                        );
                      })}
                      {/* A plain link: the browser downloads the stream itself. */}
                      <a className="button small" href={`/operator/consortia/${c.id}/export.zip`} download aria-describedby={`op-${c.id}-export`}>
                        {t("operator.export")}
                      </a>
                    </div>
                    {/* What each button does, said before it is pressed. */}
                    <p className="field-hint operator-hints">
                      {ACTIONS[c.status].map((a) => (
                        <span key={a.intent} id={`op-${c.id}-${a.intent}`}>
                          {t(a.hint)}
                        </span>
                      ))}
                      <span id={`op-${c.id}-export`}>{t("operator.exportHint")}</span>
                    </p>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
