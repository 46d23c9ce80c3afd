// /admin/import: the landing of the imports. Issues from a file (課題管理表, Redmine, Backlog)
// into a WG, for the PMO and WG leads; the link to register staff in bulk for the PMO and town
// admins (/admin/import/people); the latest imports. Not found for anyone who may do neither.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { HeadedTable } from "~/components/row-controls";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useId } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { describedBy, FieldMessages, SelectField } from "~/components/forms";
import { ImportSteps } from "~/components/import-steps";
import type { MessageKey } from "~/i18n";
import { IMPORT_MAX_ROWS, importLanding, uploadImport } from "~/models/issue-import.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { formatDateTime } from "~/utils/dates";
import { answer, badRequest, parseForm } from "~/utils/forms.server";
import { pageTitle, useLocale, useT } from "~/utils/i18n";
import { filesOf, readUploadForm } from "~/utils/request-body.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "import.open");
  const result = await importLanding({ viewer });
  if (!result.ok) throw answer(result);
  return json({ wgs: result.wgs, recent: result.recent, peopleImport: result.peopleImport, maxRows: IMPORT_MAX_ROWS });
}

const uploadSchema = z.object({ wgId: z.coerce.number({ invalid_type_error: "issueImport.wgRequired" }).int("issueImport.wgRequired").positive("issueImport.wgRequired") });

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "import.open");
  const { form, tooLarge } = await readUploadForm(request);
  if (tooLarge) return badRequest({ file: "upload.tooLarge" }, {}, 413);
  const { data, errors } = parseForm(uploadSchema, form);
  const [file] = filesOf(form, "file");
  if (!data || !file) return badRequest({ ...errors, ...(file ? {} : { file: "issueImport.fileRequired" as MessageKey }) }, { values: { wgId: String(form.get("wgId") ?? "") } });
  const result = await uploadImport({ viewer, actor: actorOf(context), wgId: data.wgId, fileName: file.name, bytes: Buffer.from(await file.arrayBuffer()) });
  if (result.ok) return redirect(`/admin/import/issues/${result.importId}`);
  if (result.kind === "unreadable") return json({ ok: false as const, errors: { file: "issueImport.unreadable" as MessageKey }, detail: result.message, values: { wgId: String(data.wgId) } }, { status: 400 });
  return answer(result, { values: { wgId: String(data.wgId) } });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminImport") }];

export default function ImportPage() {
  const { wgs, recent, peopleImport, maxRows } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const t = useT();
  const locale = useLocale();
  const fileId = useId();
  const errors: Partial<Record<string, MessageKey>> = result && !result.ok ? result.errors : {};
  const detail = result && "detail" in result ? result.detail : "";
  const fileError = errors.file ? t(errors.file, { message: detail }) : undefined;
  const chosenWg = (result && "values" in result ? result.values?.wgId : undefined) ?? params.get("wg") ?? "";
  return (
    <div className="import-page">
      <div className="page-header">
        <h1>{t("issueImport.title")}</h1>
      </div>
      {wgs.length ? <p>{t("issueImport.lead")}</p> : null}
      <div className="grid-two import-landing">
        {wgs.length ? (
          <section className="card" aria-labelledby="import-issues">
            <h2 id="import-issues">{t("issueImport.issuesTitle")}</h2>
            <ImportSteps current="upload" />
            <p>{t("issueImport.issuesLead")}</p>
            <Form method="post" encType="multipart/form-data" noValidate>
              <SelectField
                label={t("issueImport.wg")}
                name="wgId"
                defaultValue={wgs.some((w) => String(w.id) === chosenWg) ? chosenWg : String(wgs[0].id)}
                options={wgs.map((w) => ({ value: w.id, label: `${w.name}（${w.projectName}）` }))}
                error={errors.wgId ? t(errors.wgId) : undefined}
              />
              <div className={fileError ? "field has-error" : "field"}>
                <label htmlFor={fileId}>{t("issueImport.file")}</label>
                <input
                  id={fileId}
                  type="file"
                  name="file"
                  required
                  accept=".xlsx,.xlsm,.csv,.txt,.json"
                  aria-invalid={fileError ? true : undefined}
                  aria-describedby={describedBy(fileId, fileError, true)}
                />
                <FieldMessages id={fileId} error={fileError} hint={t("issueImport.formatLimit", { rows: maxRows.toLocaleString("ja-JP") })} />
              </div>
              <details className="import-formats">
                <summary>{t("issueImport.formats")}</summary>
                <ul>
                  <li>{t("issueImport.format.kadai")}</li>
                  <li>{t("issueImport.format.redmineCsv")}</li>
                  <li>{t("issueImport.format.redmineJson")}</li>
                  <li>{t("issueImport.format.backlog")}</li>
                </ul>
              </details>
              <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
                {t("issueImport.upload")}
              </button>
            </Form>
          </section>
        ) : null}
        {peopleImport ? (
          <section className="card" aria-labelledby="import-people">
            <h2 id="import-people">{t("issueImport.peopleTitle")}</h2>
            <p>{t("issueImport.peopleLead")}</p>
            <Link to="/admin/import/people" className="button">
              {t("issueImport.peopleLink")}
            </Link>
          </section>
        ) : null}
      </div>
      {recent.length ? (
        <section className="card" aria-labelledby="import-recent">
          <h2 id="import-recent">{t("issueImport.recent")}</h2>
          <HeadedTable className="table" headers={[{ label: t("issueImport.recentFile") }, { label: t("issueImport.recentWg") }, { label: t("issueImport.recentState") }, { label: t("issueImport.recentBy") }, { label: t("issueImport.recentAt") }]}>
            {recent.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link to={`/admin/import/issues/${r.id}`}>{r.fileName}</Link>
                  <div className="muted small">{t(`issueImport.source.${r.source}`)}</div>
                </td>
                <td>{r.wgName}</td>
                <td>{t(`issueImport.state.${r.state}`, { count: r.done })}</td>
                <td>{r.createdByName}</td>
                <td className="nowrap">{formatDateTime(r.finishedAt ?? r.createdAt, locale)}</td>
              </tr>
            ))}
          </HeadedTable>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
