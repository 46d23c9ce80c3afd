// /admin/import/issues/:importId: an uploaded file's import, one step at a time — its columns
// and values (?step=map), the preview with every error (?step=preview), then the progress and
// the result. Not found for anyone who may not import into its WG (ADR 024).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ImportSteps } from "~/components/import-steps";
import { getImport, importMapping, importPreview } from "~/models/issue-import.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { answer } from "~/utils/forms.server";
import { pageTitle, useT } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { readForm } from "~/utils/request-body.server";
import { importIntent } from "./intents.server";
import { MappingStep } from "./mapping-step";
import { PreviewStep } from "./preview-step";
import { ProgressStep } from "./progress-step";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "import.open");
  const importId = parseId(params.importId);
  const status = await getImport({ viewer, importId });
  if (!status.ok) throw answer(status);
  const { job } = status;
  if (job.state === "running" || job.state === "done" || !job.hasFile) return json({ view: "progress" as const, job });
  const asked = new URL(request.url).searchParams.get("step");
  // A failed import opens on its preview, with the reason and 「もう一度取り込む」.
  const step = asked === "map" || asked === "preview" ? asked : job.state === "failed" ? "preview" : "map";
  if (step === "preview") {
    const preview = await importPreview({ viewer, importId });
    if (!preview.ok) throw answer(preview);
    return json({ view: "preview" as const, job, preview });
  }
  const mapping = await importMapping({ viewer, importId });
  if (!mapping.ok) throw answer(mapping);
  return json({ view: "map" as const, job, mapping });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "import.open");
  const importId = parseId(params.importId);
  const form = await readForm(request);
  return importIntent(String(form.get("intent") ?? ""), { viewer, actor: actorOf(context), importId, form });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.adminImportIssues", { file: data?.job.fileName ?? "" }) }];

export default function ImportJobPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors = result && !result.ok && "errors" in result ? (result.errors as Partial<Record<string, string>>) : {};
  return (
    <div className="import-page">
      <p className="breadcrumb">
        <Link to="/admin/import">{t("issueImport.title")}</Link>
      </p>
      <div className="page-header">
        <h1>{t("issueImport.issuesTitle")}</h1>
      </div>
      <ImportSteps current={data.view === "progress" ? "run" : data.view} />
      {data.view === "map" ? <MappingStep mapping={data.mapping} wgName={data.job.wgName} errors={errors} /> : null}
      {data.view === "preview" ? <PreviewStep job={data.job} preview={data.preview} errors={errors} /> : null}
      {data.view === "progress" ? <ProgressStep job={data.job} /> : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
