import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { MessageKey } from "~/i18n";
import { mayInvite } from "~/models/guest.server";
import { useT } from "~/utils/i18n";
import { can } from "~/policy/permissions";
import { requireAuth } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  // Each page below checks its own permission, and some answer 404 (a page one may not know
  // of): the frame refuses nothing itself, it lists the tabs the viewer may open.
  const tabs: { to: string; label: MessageKey }[] = [];
  if (can(viewer, "user.list")) tabs.push({ to: "/admin/users", label: "admin.nav.users" });
  if (can(viewer, "consortium.configure")) tabs.push({ to: "/admin/consortium", label: "settings.nav" }, { to: "/admin/labels", label: "labels.nav" });
  if (can(viewer, "consortium.export")) tabs.push({ to: "/admin/export", label: "export.nav" });
  if (can(viewer, "consortium.manage")) {
    tabs.push({ to: "/admin/organizations", label: "admin.nav.organizations" }, { to: "/admin/projects", label: "admin.nav.projects" });
  }
  if (await mayInvite(viewer)) tabs.push({ to: "/admin/guests", label: "guests.nav" });
  if (can(viewer, "import.open")) tabs.push({ to: "/admin/import", label: "issueImport.nav" });
  if (can(viewer, "issue.delete")) tabs.push({ to: "/admin/deleted-issues", label: "issues.deleted.nav" });
  if (can(viewer, "audit.list")) tabs.push({ to: "/admin/audit", label: "admin.nav.audit" });
  if (can(viewer, "consortium.manage")) tabs.push({ to: "/admin/outbox", label: "mail.outbox.title" });
  return json({ tabs });
}

export default function AdminLayout() {
  const { tabs } = useLoaderData<typeof loader>();
  const { pathname } = useLocation();
  const t = useT();
  return (
    <div className="page">
      <nav className="tabs" aria-label={t("admin.title")}>
        {tabs.map((tab) => (
          // A WG's member page belongs to the projects tab.
          <NavLink key={tab.to} to={tab.to} className={({ isActive }) => (isActive || (tab.to === "/admin/projects" && pathname.startsWith("/admin/wgs/")) ? "active" : undefined)}>
            {t(tab.label)}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
