import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData, useLocation, useRouteLoaderData } from "@remix-run/react";
import { Bell } from "~/components/bell";
import { Brand } from "~/components/brand";
import { useGlobalShortcuts } from "~/components/shortcuts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { MessageKey } from "~/i18n";
import { unreadCount } from "~/models/inbox.server";
import { guestWorkingGroupNames } from "~/models/project.server";
import { useT } from "~/utils/i18n";
import { can, roleLabel, visibleSections, type Section } from "~/policy/permissions";
import { requireAuth } from "~/policy/guard.server";
import { membershipsOf } from "~/utils/auth.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user, viewer } = requireAuth(request, context);
  return json({
    user,
    viewer,
    sections: visibleSections(viewer),
    guestWgs: await guestWorkingGroupNames(viewer),
    canSearch: can(viewer, "search.consortium"),
    canRaise: can(viewer, "wg.list"),
    unreadNotifications: await unreadCount(viewer),
    // The switcher lists the person's consortia when there is more than one (names only).
    consortia: membershipsOf(viewer.accountId).map((m) => ({ id: m.consortiumId, name: m.consortiumName, organizationName: m.organizationName })),
    operator: context.account?.operator ?? false,
  });
}

/** The signed-in user and their permissions, for any page inside the shell. */
export function useShell() {
  const data = useRouteLoaderData<typeof loader>("routes/_app");
  if (!data) throw new Error("useShell outside the signed-in shell");
  return data;
}

const NAV: Record<Section, { to: string; label: MessageKey }> = {
  dashboard: { to: "/", label: "nav.dashboard" },
  projects: { to: "/projects", label: "nav.projects" },
  wgs: { to: "/wg", label: "nav.wgs" },
  decisions: { to: "/decisions", label: "nav.decisions" },
  reports: { to: "/reports", label: "nav.reports" },
  admin: { to: "/admin/users", label: "nav.admin" },
};

export default function AppShell() {
  const { user, viewer, sections, guestWgs, canSearch, canRaise, unreadNotifications, consortia, operator } = useLoaderData<typeof loader>();
  const t = useT();
  const { pathname } = useLocation();
  const wgId = /^\/wg\/(\d+)/.exec(pathname)?.[1];
  useGlobalShortcuts({ newIssueHref: canRaise ? (wgId ? `/issues/new?wg=${wgId}` : "/issues/new") : null });
  const nav = (
    <ul>
      {sections.map((s) => (
        <li key={s}>
          <NavLink to={NAV[s].to} end={s === "dashboard"} prefetch="intent">
            {t(NAV[s].label)}
          </NavLink>
        </li>
      ))}
    </ul>
  );
  return (
    <>
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Brand to="/" name={user.consortiumName} />
          <nav className="main-nav" aria-label={t("nav.main")}>
            {nav}
          </nav>
          {canSearch ? (
            <Form method="get" action="/search" role="search" className="header-search">
              <label htmlFor="site-search" className="visually-hidden">
                {t("search.label")}
              </label>
              <input id="site-search" type="search" name="q" placeholder={t("search.title")} />
            </Form>
          ) : null}
          <Bell initialCount={unreadNotifications} />
          <details className="user-menu">
            <summary>
              <span className="user-name">{user.displayName}</span>
              <span className="user-meta">
                {user.organizationName}・{t(roleLabel(viewer))}
              </span>
            </summary>
            <div className="user-menu-panel">
              {consortia.length > 1 ? <ConsortiumSwitcher consortia={consortia} currentId={viewer.consortiumId} /> : null}
              <NavLink to="/account">{t("nav.account")}</NavLink>
              {operator ? <NavLink to="/operator">{t("operator.nav")}</NavLink> : null}
              <Form method="post" action="/logout">
                <button type="submit" className="link-button">
                  {t("nav.logout")}
                </button>
              </Form>
            </div>
          </details>
        </div>
        <details className="mobile-nav">
          <summary>{t("nav.menu")}</summary>
          <nav aria-label={t("nav.main")}>{nav}</nav>
        </details>
      </header>
      {user.archived ? (
        <p className="archived-banner" role="status">
          {t("consortia.archivedBanner")}
        </p>
      ) : null}
      {guestWgs.length > 0 ? (
        <p className="guest-banner" role="status">
          {t("guest.banner", { wgs: guestWgs.join("、") })}
        </p>
      ) : null}
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </>
  );
}

/** 協議会の切り替え: each of the person's consortia, the current one marked. */
function ConsortiumSwitcher({ consortia, currentId }: { consortia: { id: number; name: string; organizationName: string }[]; currentId: number }) {
  const t = useT();
  return (
    <Form method="post" action="/switch" className="consortium-switcher" aria-label={t("consortia.switcher.label")}>
      <p className="menu-heading">{t("consortia.switcher.label")}</p>
      {consortia.map((c) => (
        <button key={c.id} type="submit" name="consortiumId" value={c.id} aria-current={c.id === currentId ? "true" : undefined} disabled={c.id === currentId}>
          <span className="consortium-name">{c.name}</span>
          <span className="consortium-org">
            {c.organizationName}
            {c.id === currentId ? `・${t("consortia.switcher.current")}` : ""}
          </span>
        </button>
      ))}
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
