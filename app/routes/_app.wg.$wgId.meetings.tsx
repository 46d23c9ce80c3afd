import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MeetingList } from "~/components/meeting-badges";
import { listMeetings } from "~/models/meeting.server";
import { getWorkingGroup } from "~/models/project.server";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { can } from "~/policy/permissions";
import { notFound, requireAuth } from "~/policy/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const wg = await getWorkingGroup({ viewer, wgId: parseId(params.wgId) });
  if (!wg) notFound();
  return json({ wg, ...await listMeetings({ viewer, wgId: wg.id }), canPlan: can(viewer, "meeting.manage", { wgId: wg.id }) });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.wgMeetings", { name: data?.wg.name ?? "WG" }) }];

export default function WorkingGroupMeetings() {
  const { wg, upcoming, past, canPlan } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to={`/wg/${wg.id}`}>{wg.name}</Link>
      </p>
      <div className="page-header">
        <h1>{t("meetings.wgTitle", { wg: wg.name })}</h1>
        <p className="actions">
          <a href="/meetings.ics" className="button" download>
            {t("meetings.calendar")}
          </a>{" "}
          {canPlan ? (
            <Link to={`/meetings/new?wg=${wg.id}`} className="button primary">
              {t("meetings.new")}
            </Link>
          ) : null}
        </p>
      </div>
      <section className="card" aria-labelledby="upcoming">
        <h2 id="upcoming">{t("meetings.upcoming")}</h2>
        <MeetingList meetings={upcoming} empty={t("meetings.noneUpcoming")} />
      </section>
      <section className="card" aria-labelledby="past">
        <h2 id="past">{t("meetings.past")}</h2>
        <MeetingList meetings={past} empty={t("meetings.nonePast")} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
