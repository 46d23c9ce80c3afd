import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getWorkingGroup } from "~/models/project.server";
import { VendorQueues } from "~/components/guest-panels";
import { vendorQueues } from "~/models/guest.server";
import { can, seesGuestView } from "~/policy/permissions";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { notFound, requireAuth } from "~/policy/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const wg = await getWorkingGroup({ viewer, wgId: parseId(params.wgId), withMembers: true });
  if (!wg) notFound();
  return json({
    wg,
    // Vendor guests: their questions awaiting the consortium, and what waits for them.
    queues: seesGuestView(viewer) ? await vendorQueues({ viewer, wgIds: [wg.id] }) : null,
    canInvite: can(viewer, "guest.invite", { wgId: wg.id }),
    canAsk: seesGuestView(viewer) && can(viewer, "issue.create", { wgId: wg.id }),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.wg", { name: data?.wg.name ?? "WG" }) }];

export default function WorkingGroupHome() {
  const { wg, queues, canInvite, canAsk } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/wg">{t("wg.list")}</Link>
      </p>
      <h1>{wg.name}</h1>
      <p className="muted">
        {t("wg.project")}: {wg.projectName}
      </p>
      {wg.description ? <p>{wg.description}</p> : null}
      <p className="actions">
        <Link to={`/wg/${wg.id}/issues`} className="button primary">
          {t("issues.title")}
        </Link>{" "}
        <Link to={`/wg/${wg.id}/meetings`} className="button">{t("meetings.title")}</Link>
        {canAsk ? (
          <>
            {" "}
            <Link to={`/issues/new?wg=${wg.id}`} className="button">
              {t("guests.qa.ask")}
            </Link>
          </>
        ) : null}
        {canInvite ? (
          <>
            {" "}
            <Link to={`/admin/guests/new?wg=${wg.id}`} className="button">
              {t("guests.inviteFromWg")}
            </Link>
          </>
        ) : null}
      </p>
      {queues ? <VendorQueues awaiting={queues.awaiting} yourTurn={queues.yourTurn} /> : null}
      {wg.members.length > 0 ? (
        <section className="card" aria-labelledby="members">
          <h2 id="members">{t("wg.members")}</h2>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("admin.users.name")}</th>
                <th scope="col">{t("admin.users.organization")}</th>
                <th scope="col">{t("wg.lead")}</th>
              </tr>
            </thead>
            <tbody>
              {wg.members.map((m) => (
                <tr key={m.userId}>
                  <td>{m.displayName}</td>
                  <td>{m.organizationName}</td>
                  <td>{t(`wgRole.${m.role}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
