// /admin/deleted-issues: the issues the PMO deleted in the last 30 days, each with who, when and
// why, and a button that puts it back (PMO only; 404 to everyone else).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ControlsTable, IntentButton } from "~/components/row-controls";
import type { MessageKey } from "~/i18n";
import { listDeletedIssues, RESTORABLE_DAYS, restoreIssue } from "~/models/issue-deletion.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { formatDate, formatDateTime } from "~/utils/dates";
import { answer, badRequest } from "~/utils/forms.server";
import { pageTitle, useLocale, useT } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "issue.delete");
  const result = await listDeletedIssues({ viewer });
  if (!result.ok) throw answer(result);
  return json({ issues: result.issues, days: RESTORABLE_DAYS });
}

const RestoreForm = z.object({ intent: z.literal("restore"), number: z.coerce.number().int().positive() });

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "issue.delete");
  const parsed = RestoreForm.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return badRequest({ form: "error.badRequest.body" });
  const restored = await restoreIssue({ viewer, actor: actorOf(context), number: parsed.data.number });
  return restored.ok ? redirect(`/issues/${restored.number}`) : answer(restored);
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminDeletedIssues") }];

export default function DeletedIssuesPage() {
  const { issues, days } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const justDeleted = Number(params.get("deleted")) || null;
  return (
    <>
      <div className="page-header">
        <h1>{t("issues.deleted.title")}</h1>
      </div>
      <p>{t("issues.deleted.lead", { days })}</p>
      {justDeleted && issues.some((i) => i.number === justDeleted) ? (
        <p className="flash" role="status">
          {t("issues.deleted.done", { number: justDeleted })}
        </p>
      ) : null}
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t((result.errors.form ?? "error.badRequest.body") as MessageKey)}
        </p>
      ) : null}
      <section className="card" aria-labelledby="deleted-list">
        <h2 id="deleted-list" className="visually-hidden">
          {t("issues.deleted.title")}
        </h2>
        {issues.length === 0 ? (
          <p className="muted">{t("issues.deleted.none")}</p>
        ) : (
          <ControlsTable
            headers={[
              { label: t("issues.deleted.issue") },
              { label: t("issues.wg") },
              { label: t("issues.deleted.by") },
              { label: t("issues.deleted.reason") },
              { label: t("issues.deleted.until") },
              { label: "" },
            ]}
          >
            {issues.map((i) => (
              <tr key={i.number}>
                <td>
                  <span className="muted">#{i.number}</span> {i.title}
                </td>
                <td>{i.wgName ?? "—"}</td>
                <td>
                  {i.deletedBy}
                  <br />
                  <span className="muted small">{formatDateTime(i.deletedAt, locale)}</span>
                </td>
                <td>{i.reason}</td>
                <td>{formatDate(i.restorableUntil, locale)}</td>
                <td>
                  <IntentButton intent="restore" fields={{ number: i.number }} label={t("issues.deleted.restoreOf", { number: i.number })}>
                    {t("issues.deleted.restore")}
                  </IntentButton>
                </td>
              </tr>
            ))}
          </ControlsTable>
        )}
      </section>
      <p className="muted small">
        <Link to="/admin/audit">{t("issues.deleted.auditLink")}</Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
