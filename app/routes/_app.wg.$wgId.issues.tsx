import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IssueFilters, IssueTable, Pagination } from "~/components/issue-list";
import { issueChoices, listIssues, parseIssueFilter } from "~/models/issue.server";
import { getWorkingGroup } from "~/models/project.server";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { can, seesGuestView } from "~/policy/permissions";
import { notFound, requireAuth } from "~/policy/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const wgId = parseId(params.wgId);
  const wg = await getWorkingGroup({ viewer, wgId });
  if (!wg) notFound();
  const filter = { ...parseIssueFilter(new URL(request.url).searchParams, viewer), wgId };
  return json({
    wg: { id: wg.id, name: wg.name, projectName: wg.projectName },
    list: await listIssues({ viewer, filter }),
    choices: await issueChoices({ viewer, wgId }),
    canCreate: can(viewer, "issue.create", { wgId }),
    canImport: can(viewer, "issue.import", { wgId }),
    importFilter: filter.importId ?? null,
    guest: seesGuestView(viewer),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.wgIssues", { name: data?.wg.name ?? "" }) }];

export default function WorkingGroupIssues() {
  const { wg, list, choices, canCreate, canImport, importFilter, guest } = useLoaderData<typeof loader>();
  const t = useT();
  const { search } = useLocation();
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link to="/wg">{t("wg.list")}</Link> <Link to={`/wg/${wg.id}`}>{wg.name}</Link>
      </p>
      <div className="page-header">
        <h1>{t("issues.wgTitle", { wg: wg.name })}</h1>
        <div className="actions">
          <a href={`/wg/${wg.id}/issues.csv${search}`} className="button" download>
            {t("issues.csv")}
          </a>
          {canImport ? (
            <Link to={`/admin/import?wg=${wg.id}`} className="button">
              {t("issueImport.wgImportLink")}
            </Link>
          ) : null}
          {canCreate ? (
            <Link to={`/issues/new?wg=${wg.id}`} className="button primary">
              {t("issues.new")}
            </Link>
          ) : null}
        </div>
      </div>
      {importFilter ? (
        <p className="report-notice">
          {t("issueImport.listFiltered")} <Link to={`/wg/${wg.id}/issues`}>{t("issueImport.listAll")}</Link>
        </p>
      ) : null}
      <IssueFilters choices={choices} showVendorChoices={!guest} />
      <Pagination list={list} />
      <IssueTable rows={list.rows} today={list.today} />
      <Pagination list={list} />
      <p className="muted small">{t("issues.keyboardHint")}</p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
