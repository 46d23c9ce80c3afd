import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HeadedTable } from "~/components/row-controls";
import { assignableOrganizations, listUsers } from "~/models/user-admin.server";
import { formatDateTime } from "~/utils/dates";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { can, isVendorPerson } from "~/policy/permissions";
import { requireAuth, requirePermission } from "~/policy/guard.server";
import { useShell } from "./_app";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "user.list");
  const org = Number(new URL(request.url).searchParams.get("org")) || undefined;
  return json({
    users: await listUsers({ viewer, organizationId: org }),
    organizations: await assignableOrganizations(viewer),
    org: org ?? null,
    isPmo: can(viewer, "consortium.manage"),
    mayImport: can(viewer, "people.import", { organizationId: viewer.organizationId }),
  });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminUsers") }];

export default function AdminUsers() {
  const { users, organizations, org, isPmo, mayImport } = useLoaderData<typeof loader>();
  const { user } = useShell();
  const t = useT();
  const locale = useLocale();
  return (
    <>
      <div className="page-header">
        <h1>{t("admin.users.title")}</h1>
        <div className="actions">
          <Link to="/admin/users/new" className="button primary">
            {t("admin.users.new")}
          </Link>
          {mayImport ? (
            <Link to="/admin/import/people" className="button">
              {t("people.link")}
            </Link>
          ) : null}
        </div>
      </div>
      <p>{isPmo ? t("admin.users.leadPmo") : t("admin.users.leadOrg", { org: user.organizationName })}</p>
      {isPmo ? (
        <Form method="get" className="inline-form">
          <div className="field">
            <label htmlFor="org-filter">{t("admin.users.filterOrg")}</label>
            <select id="org-filter" name="org" defaultValue={org ?? ""}>
              <option value="">{t("admin.users.allOrgs")}</option>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t("admin.users.filter")}
          </button>
        </Form>
      ) : null}
      <p className="muted">{t("admin.users.count", { count: users.length })}</p>
      {users.length === 0 ? (
        <p>{t("admin.users.none")}</p>
      ) : (
        <HeadedTable
          className="table"
          headers={[
            { label: t("admin.users.name") },
            { label: t("admin.users.organization") },
            { label: t("admin.users.rank") },
            { label: t("admin.users.role") },
            { label: t("admin.users.status") },
            { label: t("admin.users.lastLogin") },
          ]}
        >
          {users.map((u) => (
            <tr key={u.id} className={u.active ? undefined : "inactive"}>
              <td>
                <Link to={`/admin/users/${u.id}`}>{u.displayName}</Link>
                <div className="muted small">{u.email}</div>
              </td>
              <td>
                {u.organizationName}
                {u.department ? <div className="muted small">{u.department}</div> : null}
              </td>
              <td>{t(`rank.${u.rank}`)}</td>
              <td>
                {isVendorPerson(u) ? t("role.guest") : u.role ? t(`role.${u.role}`) : "—"}
                {u.orgAdmin ? <span className="badge">{t("role.orgAdmin")}</span> : null}
                {u.mayManage ? null : <div className="muted small">{t("admin.users.managedByPmoShort")}</div>}
              </td>
              <td>
                <span className={u.active ? "badge ok" : "badge muted"}>{u.active ? t("admin.users.active") : t("admin.users.inactive")}</span>
              </td>
              <td>{u.lastLoginAt ? formatDateTime(u.lastLoginAt, locale) : t("admin.users.never")}</td>
            </tr>
          ))}
        </HeadedTable>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
