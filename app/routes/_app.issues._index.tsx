import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { IssueFilters, IssueTable, Pagination } from "~/components/issue-list";
import { issueChoices, listIssues, parseIssueFilter } from "~/models/issue.server";
import { workingGroupNames } from "~/models/project.server";
import { useT, pageTitle } from "~/utils/i18n";
import { requireAuth, requirePermission } from "~/policy/guard.server";
import { filtersByVendor } from "~/policy/permissions";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "search.consortium");
  const filter = parseIssueFilter(new URL(request.url).searchParams, viewer);
  return json({
    list: await listIssues({ viewer, filter }),
    choices: await issueChoices({ viewer }),
    workingGroups: await workingGroupNames(viewer),
    vendorChoices: filtersByVendor(viewer),
  });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.issues") }];

export default function AllIssues() {
  const { list, choices, workingGroups, vendorChoices } = useLoaderData<typeof loader>();
  const t = useT();
  const { search } = useLocation();
  return (
    <div className="page">
      <div className="page-header">
        <h1>{t("issues.allTitle")}</h1>
        <a href={`/issues.csv${search}`} className="button" download>
          {t("issues.csv")}
        </a>
      </div>
      <IssueFilters choices={choices} workingGroups={workingGroups} showVendorChoices={vendorChoices} />
      <Pagination list={list} />
      <IssueTable rows={list.rows} today={list.today} showWg />
      <Pagination list={list} />
      <p className="muted small">{t("issues.keyboardHint")}</p>
      <p>
        <Link to="/wg">{t("wg.list")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
