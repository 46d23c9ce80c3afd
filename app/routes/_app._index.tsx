import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { dashboardIssues } from "~/models/issue.server";
import { listProjects, listWorkingGroups } from "~/models/project.server";
import { CarryBadge, StatusBadge } from "~/components/issue-list";
import { formatDate } from "~/utils/dates";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { requireAuth } from "~/policy/guard.server";
import { seesExecutiveBriefing, seesGuestView } from "~/policy/permissions";
import { ExecutiveBriefing } from "~/components/executive-briefing";
import { executiveBriefing } from "~/models/report.server";
import { useShell } from "./_app";
import { GuestHome } from "~/components/guest-panels";
import { guestHome } from "~/models/guest.server";
import { PendingDecisions } from "~/components/pending-decisions";
import { pendingForTown } from "~/models/decision.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const own = new Set(Object.keys(viewer.wgRoles).map(Number));
  return json({
    myWgs: (await listWorkingGroups({ viewer })).filter((wg) => own.has(wg.id)),
    projects: await listProjects({ viewer }),
    issues: await dashboardIssues({ viewer }),
    // 「自団体の対応待ち」: decisions waiting for this town's stance or 庁内決裁 (town staff only).
    pendingDecisions: await pendingForTown({ viewer }),
    // Leadership: the latest published report per project and what was decided since (issue 6).
    briefing: seesExecutiveBriefing(viewer) ? await executiveBriefing({ viewer }) : null,
    // Vendor guests: only their WGs, with their Q&A queues (issue 7).
    guestWgs: await guestHome(viewer),
  });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.dashboard") }];

export default function Dashboard() {
  const { myWgs, projects, issues, briefing, pendingDecisions, guestWgs } = useLoaderData<typeof loader>();
  const { user, viewer, sections } = useShell();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("dashboard.title")}</h1>
      <p className="lead">{t("dashboard.hello", { name: user.displayName })}</p>
      {seesExecutiveBriefing(viewer) ? <p>{t("dashboard.execLead")}</p> : null}
      {briefing ? <ExecutiveBriefing items={briefing} /> : null}
      {seesGuestView(viewer) ? <p>{t("dashboard.guestLead")}</p> : null}
      {guestWgs ? <GuestHome wgs={guestWgs} /> : null}
      {sections.includes("projects") ? (
        <div className="grid two">
          <IssueSummary title={t("issues.mine")} rows={issues.mine} total={issues.mineTotal} href="/issues?assignee=me&sort=due&dir=asc" empty={t("issues.noneMine")} />
          <IssueSummary title={t("issues.ballMine")} rows={issues.ball} total={issues.ballTotal} href="/issues?ball=mine&sort=due&dir=asc" empty={t("issues.noneBall")} />
        </div>
      ) : null}
      {pendingDecisions ? <PendingDecisions items={pendingDecisions} organizationId={viewer.organizationId} /> : null}
      <div className="grid two">
        {sections.includes("wgs") && !guestWgs ? (
          <section className="card" aria-labelledby="my-wgs">
            <h2 id="my-wgs">{t("dashboard.myWgs")}</h2>
            {myWgs.length === 0 ? (
              <p className="muted">{t("dashboard.noWgs")}</p>
            ) : (
              <ul className="link-list">
                {myWgs.map((wg) => (
                  <li key={wg.id}>
                    <Link to={`/wg/${wg.id}`}>{wg.name}</Link>
                    <span className="muted">
                      {wg.projectName}・{t(`wgRole.${viewer.wgRoles[wg.id]}`)}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
        {sections.includes("projects") ? (
          <section className="card" aria-labelledby="my-projects">
            <h2 id="my-projects">{t("dashboard.myProjects")}</h2>
            {projects.length === 0 ? (
              <p className="muted">{t("dashboard.noProjects")}</p>
            ) : (
              <ul className="link-list">
                {projects.map((p) => (
                  <li key={p.id}>
                    <Link to={`/projects/${p.id}`}>{p.name}</Link>
                    <span className="badge">{t(`phase.${p.phase}`)}</span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ) : null}
      </div>
    </div>
  );
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["issues"]["mine"][number];

function IssueSummary({ title, rows, total, href, empty }: { title: string; rows: Row[]; total: number; href: string; empty: string }) {
  const t = useT();
  const locale = useLocale();
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="link-list">
          {rows.map((r) => (
            <li key={r.id}>
              <Link to={`/issues/${r.number}`}>
                #{r.number} {r.title}
              </Link>
              <StatusBadge status={r.status} />
              {r.dueOn ? <span className="muted small">{t("issues.due")} {formatDate(r.dueOn, locale)}</span> : null}
              {r.carryOverCount > 0 ? <CarryBadge count={r.carryOverCount} /> : null}
            </li>
          ))}
        </ul>
      )}
      {total > 0 ? (
        <p>
          <Link to={href}>{t("issues.seeAll", { count: total })}</Link>
        </p>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
