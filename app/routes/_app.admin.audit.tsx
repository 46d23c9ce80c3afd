import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listAuditEvents } from "~/models/audit.server";
import { formatDateTime } from "~/utils/dates";
import { isMessageKey } from "~/i18n";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { requireAuth, requirePermission } from "~/policy/guard.server";
import { useShell } from "./_app";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "audit.list");
  const before = Number(new URL(request.url).searchParams.get("before")) || undefined;
  return json(await listAuditEvents({ viewer, before }));
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminAudit") }];

export default function AuditLog() {
  const { scope, events, older } = useLoaderData<typeof loader>();
  const { user } = useShell();
  const t = useT();
  const locale = useLocale();
  const actionLabel = (action: string) => {
    const key = `audit.action.${action}`;
    return isMessageKey(key) ? t(key) : "";
  };
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{scope === "all" ? t("audit.leadAll") : scope === "organization" ? t("audit.leadOrg", { org: user.organizationName }) : t("audit.leadOwn")}</p>
      {events.length === 0 ? (
        <p className="muted">{t("audit.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("audit.at")}</th>
                <th scope="col">{t("audit.actor")}</th>
                <th scope="col">{t("audit.action")}</th>
                <th scope="col">{t("audit.target")}</th>
                <th scope="col">{t("audit.ip")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="nowrap">{formatDateTime(e.at, locale)}</td>
                  <td>{e.actorName ?? (e.action.startsWith("operator.") ? t("operator.actor") : t("audit.system"))}</td>
                  <td>
                    {actionLabel(e.action)} <code className="muted small">{e.action}</code>
                  </td>
                  <td>
                    {e.entityType}
                    {e.entityId ? ` #${e.entityId}` : ""}
                  </td>
                  <td className="small muted">{e.ip}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {older ? (
        <p>
          <Link to={`?before=${older}`}>{t("audit.older")}</Link>
        </p>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
