// /admin/import/people: people from an Excel or CSV file. Three steps on one page, each a
// plain form: choose the file (intent "check") → every row as it will be created, with its
// errors per cell → 「登録する」 (intent "import") posts the checked rows back and creates
// everyone or no one → who was invited. The PMO imports into any organization, a town admin
// into their own; anyone else is told the page does not exist.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { HeadedTable } from "~/components/row-controls";
import type { MessageKey, Vars } from "~/i18n";
import { MAX_PEOPLE_LINES, PEOPLE_COLUMNS, type PeopleColumn, type PersonCells } from "~/domain/people-import";
import { readPeopleFile } from "~/import/people.server";
import { importExamples, importPeople, parseConfirmedRows, previewPeople, type Invited, type PersonPlan } from "~/models/people-import.server";
import { can, isVendorPerson, type Viewer } from "~/policy/permissions";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { answer } from "~/utils/forms.server";
import { pageTitle, useT } from "~/utils/i18n";
import { INVITE_DAYS } from "~/models/membership.server";
import { filesOf, readUploadForm } from "~/utils/request-body.server";
import { safeFileName } from "~/utils/upload.server";

const TEMPLATE_URL = "/admin/import/people/template.csv";

const guard = (viewer: Viewer) => requirePermission(viewer, "people.import", { organizationId: viewer.organizationId });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  guard(viewer);
  const examples = await importExamples({ viewer });
  if (!examples.ok) throw answer(examples);
  const { ok: _ok, ...names } = examples;
  return json({ ...names, isPmo: can(viewer, "consortium.manage") });
}

/** The file could not be read at all: the message goes next to the file field. */
function fileRefused(status: 400 | 413 | 415, message: MessageKey, vars?: Vars) {
  return json({ step: "file" as const, message, vars: vars ?? null }, { status });
}

async function preview(viewer: Viewer, rows: PersonCells[], fileName: string, { examples = 0, notice = null as MessageKey | null, status = 200 } = {}) {
  const checked = await previewPeople({ viewer, rows });
  if (!checked.ok) throw answer(checked);
  return json({ step: "preview" as const, fileName, examples, notice, rows, people: checked.people, rowsWithErrors: checked.rowsWithErrors }, { status });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  guard(viewer);
  const { form } = await readUploadForm(request);
  if (!form) return fileRefused(413, "people.file.tooLarge");
  if (form.get("intent") === "import") {
    const rows = parseConfirmedRows(form.get("rows"));
    const fileName = safeFileName(String(form.get("fileName") ?? "")).slice(0, 200);
    if (!rows) return fileRefused(400, "people.import.rowsInvalid");
    const result = await importPeople({ viewer, actor: actorOf(context), rows, fileName });
    if (result.ok) return json({ step: "done" as const, invited: result.invited, days: INVITE_DAYS });
    if (result.kind === "not-found") throw answer(result);
    return preview(viewer, rows, fileName, { notice: result.errors.form ?? "people.import.changed", status: 409 });
  }
  const [file] = filesOf(form, "file");
  if (!file) return fileRefused(400, "people.file.required");
  const read = await readPeopleFile(file.name, Buffer.from(await file.arrayBuffer()));
  if (!read.ok) return fileRefused(read.status, read.message, read.vars);
  return preview(viewer, read.rows, safeFileName(file.name), { examples: read.examples });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminImportPeople") }];

export default function ImportPeople() {
  const result = useActionData<typeof action>();
  if (result?.step === "done") return <Done invited={result.invited} days={result.days} />;
  if (result?.step === "preview") return <Preview {...result} />;
  return <ChooseFile error={result?.step === "file" ? { message: result.message, vars: result.vars ?? undefined } : undefined} />;
}

function ChooseFile({ error, again = false }: { error?: { message: MessageKey; vars?: Vars }; again?: boolean }) {
  const t = useT();
  const { isPmo, ownOrganization } = useLoaderData<typeof loader>();
  return (
    <>
      {again ? null : (
        <div className="page-header">
          <h1>{t("people.title")}</h1>
        </div>
      )}
      {again ? null : <p>{isPmo ? t("people.leadPmo") : t("people.leadOrg", { org: ownOrganization })}</p>}
      <div className="grid-two">
        <section className="card" aria-labelledby="people-file">
          <h2 id="people-file">{again ? t("people.preview.again") : t("people.choose")}</h2>
          <Form method="post" encType="multipart/form-data" noValidate>
            <input type="hidden" name="intent" value="check" />
            <Field
              label={t("people.file")}
              name="file"
              type="file"
              accept=".xlsx,.csv,.tsv,.txt"
              required
              hint={t("people.fileHint", { lines: MAX_PEOPLE_LINES.toLocaleString("ja-JP") })}
              error={error ? t(error.message, error.vars) : undefined}
            />
            <button type="submit" className="button primary">
              {t("people.check")}
            </button>
          </Form>
        </section>
        <section className="card" aria-labelledby="people-template">
          <h2 id="people-template">{t("people.template")}</h2>
          <p>{t("people.templateHint")}</p>
          <a href={TEMPLATE_URL} className="button" download>
            {t("people.template")}
          </a>
        </section>
      </div>
      {again ? null : <ColumnHelp />}
    </>
  );
}

function ColumnHelp() {
  const t = useT();
  const { organization, wg, ownOrganization, placesInWgs } = useLoaderData<typeof loader>();
  const help: Record<PeopleColumn, string> = {
    name: t("people.help.name"),
    kana: t("people.help.kana"),
    email: t("people.help.email"),
    organization: placesInWgs ? t("people.help.organization", { example: organization }) : t("people.help.organizationOwn", { org: ownOrganization }),
    department: t("people.help.department"),
    rank: t("people.help.rank"),
    wgs: placesInWgs ? t("people.help.wgs", { example: wg || "住民記録WG" }) : t("people.help.wgsPmoOnly"),
    roles: placesInWgs ? t("people.help.roles") : t("people.help.rolesOwn"),
  };
  return (
    <section className="card" aria-labelledby="people-columns">
      <h2 id="people-columns">{t("people.columns")}</h2>
      <HeadedTable headers={[{ label: t("people.columnName") }, { label: t("people.columnContent") }]} flat>
        {PEOPLE_COLUMNS.map((column) => (
          <tr key={column}>
            <th scope="row">{t(`people.column.${column}`)}</th>
            <td>{help[column]}</td>
          </tr>
        ))}
      </HeadedTable>
    </section>
  );
}

function Preview({ fileName, examples, notice, rows, people, rowsWithErrors }: { fileName: string; examples: number; notice: MessageKey | null; rows: PersonCells[]; people: PersonPlan[]; rowsWithErrors: number }) {
  const t = useT();
  return (
    <>
      <div className="page-header">
        <h1>{t("people.preview.title")}</h1>
      </div>
      <p>
        {t("people.preview.summary", { file: fileName, count: people.length })}
        {examples ? ` ${t("people.preview.examples", { count: examples })}` : null}
      </p>
      {notice ? (
        <p className="form-error" role="alert">
          {t(notice)}
        </p>
      ) : null}
      {rowsWithErrors ? (
        <>
          <p className="form-error" role="alert">
            {t("people.preview.hasErrors", { count: rowsWithErrors })}
          </p>
          <section className="card" aria-labelledby="people-errors">
            <h2 id="people-errors">{t("people.preview.errorList")}</h2>
            <ul className="people-errors">
              {people.flatMap((p) =>
                p.errors.map((e) => (
                  <li key={`${p.line}-${e.column}`}>
                    {t("people.preview.errorItem", { line: p.line, column: t(`people.column.${e.column}`), message: t(e.message, e.vars) })}
                  </li>
                )),
              )}
            </ul>
          </section>
          <ChooseFile again />
        </>
      ) : (
        <section className="card" aria-labelledby="people-confirm">
          <h2 id="people-confirm" className="visually-hidden">
            {t("people.preview.import", { count: people.length })}
          </h2>
          <p className="flash" role="status">
            {t("people.preview.ready")}
          </p>
          <Form method="post" encType="multipart/form-data" className="actions">
            <input type="hidden" name="intent" value="import" />
            <input type="hidden" name="fileName" value={fileName} />
            <input type="hidden" name="rows" value={JSON.stringify(rows)} />
            <button type="submit" className="button primary">
              {t("people.preview.import", { count: people.length })}
            </button>
            <Link to="." className="button">
              {t("people.preview.again")}
            </Link>
          </Form>
          <p className="muted small">{t("people.preview.importHint")}</p>
        </section>
      )}
      <PeopleTable people={people} />
    </>
  );
}

function PeopleTable({ people }: { people: PersonPlan[] }) {
  const t = useT();
  const headers = [t("people.preview.line"), t("people.preview.person"), t("people.preview.organization"), t("people.preview.roles"), t("people.preview.check")];
  const errorIn = (p: PersonPlan, ...columns: PeopleColumn[]) => p.errors.some((e) => columns.includes(e.column));
  return (
    <HeadedTable headers={headers.map((label) => ({ label }))} className="table people-preview">
      {people.map((p) => (
        <tr key={p.line} className={p.errors.length ? "has-error" : undefined}>
          <td data-label={headers[0]} className="num">
            {t("people.preview.lineNumber", { line: p.line })}
          </td>
          <td data-label={headers[1]} className={errorIn(p, "name", "kana", "email") ? "cell-error" : undefined}>
            <div>{p.displayName || t("people.preview.unknown")}</div>
            {p.displayNameKana ? <div className="muted small">{p.displayNameKana}</div> : null}
            <div className="small">{p.email || t("people.preview.unknown")}</div>
          </td>
          <td data-label={headers[2]} className={errorIn(p, "organization", "department", "rank") ? "cell-error" : undefined}>
            <div>{p.organizationName ?? t("people.preview.unknown")}</div>
            <div className="muted small">{[p.department, p.rank ? t(`rank.${p.rank}`) : null].filter(Boolean).join("・")}</div>
          </td>
          <td data-label={headers[3]} className={errorIn(p, "roles", "wgs") ? "cell-error" : undefined}>
            <div>
              {p.organizationKind && isVendorPerson({ organizationKind: p.organizationKind }) ? t("role.guest") : t(`role.${p.role}`)}
              {p.orgAdmin ? <span className="badge">{t("role.orgAdmin")}</span> : null}
            </div>
            {p.wgs.map((w) => (
              <div key={w.id} className="small">
                {t("people.preview.wg", { wg: w.name, role: t(`wgRole.${w.role}`) })}
              </div>
            ))}
          </td>
          <td data-label={headers[4]}>
            {p.errors.length ? (
              <ul className="cell-errors">
                {p.errors.map((e) => (
                  <li key={e.column} className="field-error">
                    {t(`people.column.${e.column}`)}：{t(e.message, e.vars)}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="badge ok">{t("people.preview.ok")}</span>
            )}
          </td>
        </tr>
      ))}
    </HeadedTable>
  );
}

function Done({ invited, days }: { invited: Invited[]; days: number }) {
  const t = useT();
  const { isPmo } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <h1>{t("people.done.title")}</h1>
      </div>
      <p className="flash" role="status">
        {t("people.done.summary", { count: invited.length, days })}
      </p>
      <section className="card" aria-labelledby="people-invited">
        <h2 id="people-invited">{t("people.done.invited")}</h2>
        <HeadedTable headers={[{ label: t("people.column.name") }, { label: t("people.column.email") }, { label: t("people.column.organization") }]} flat>
          {invited.map((p) => (
            <tr key={p.userId}>
              <td>
                <Link to={`/admin/users/${p.userId}`}>{p.displayName}</Link>
              </td>
              <td>{p.email}</td>
              <td>{p.organizationName}</td>
            </tr>
          ))}
        </HeadedTable>
      </section>
      <p className="actions">
        <Link to="/admin/users" className="button">
          {t("people.done.users")}
        </Link>
        {isPmo ? (
          <Link to="/admin/outbox" className="button">
            {t("people.done.outbox")}
          </Link>
        ) : null}
        <Link to="." className="button">
          {t("people.done.more")}
        </Link>
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
