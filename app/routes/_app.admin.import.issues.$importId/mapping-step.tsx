// Step 2: each column's target, then the values and town names of the file to confirm.
import { Form, Link } from "@remix-run/react";
import { HeadedTable } from "~/components/row-controls";
import { ISSUE_STATUSES, ISSUE_TYPES, PRIORITIES } from "../../../db/schema/issue";
import type { MessageKey } from "~/i18n";
import { useT } from "~/utils/i18n";
import type { ImportMapping, StepErrors } from "./types";

export function MappingStep({ mapping, wgName, errors }: { mapping: ImportMapping; wgName: string; errors: StepErrors }) {
  const t = useT();
  const { job, columns, values, towns, organizations, targets } = mapping;
  const err = (field: string) => (errors[field] ? t(errors[field] as MessageKey) : undefined);
  return (
    <>
      <p className="lead">
        {t("issueImport.fileSummary", { source: t(`issueImport.source.${job.source}`), file: job.fileName, rows: mapping.rowCount.toLocaleString("ja-JP"), wg: wgName })}
      </p>
      {mapping.sheetName && mapping.skippedSheets.length ? <p className="muted small">{t("issueImport.sheet", { sheet: mapping.sheetName })}</p> : null}
      {mapping.skippedSheets.map((s) => (
        <p key={s.name} className="muted small">
          {t("issueImport.skippedSheet", { sheet: s.name, reason: s.reason })}
        </p>
      ))}
      <Form method="post" className="import-mapping">
        {err("form") ? (
          <p className="form-error" role="alert">
            {err("form")}
          </p>
        ) : null}
        <section className="card" aria-labelledby="import-columns">
          <h2 id="import-columns">{t("issueImport.columns")}</h2>
          <p>{t("issueImport.mapLead")}</p>
          {columns.length ? (
            <>
              <HeadedTable className="table import-columns" headers={[{ label: t("issueImport.column") }, { label: t("issueImport.samples") }, { label: t("issueImport.target") }]}>
                {columns.map((c) => {
                  const error = err(`column.${c.index}`);
                  return (
                    <tr key={c.index} className={c.target === "skip" ? "is-skipped" : undefined}>
                      <th scope="row">{c.header}</th>
                      <td className="import-samples">
                        {c.samples.map((s, i) => (
                          <span key={i}>{s}</span>
                        ))}
                      </td>
                      <td>
                        <select
                          name="column"
                          defaultValue={c.target}
                          aria-label={t("issueImport.targetOf", { column: c.header })}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `column-${c.index}-error` : undefined}
                        >
                          {targets.map((target) => (
                            <option key={target} value={target}>
                              {t(`issueImport.target.${target}`)}
                            </option>
                          ))}
                        </select>
                        {error ? (
                          <p className="field-error" id={`column-${c.index}-error`}>
                            {error}
                          </p>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </HeadedTable>
              <button type="submit" name="intent" value="refresh" className="button small">
                {t("issueImport.refresh")}
              </button>
            </>
          ) : (
            <p className="muted">{t("issueImport.jsonColumns")}</p>
          )}
        </section>

        {values.status.length || values.type.length || values.priority.length ? (
          <section className="card" aria-labelledby="import-values">
            <h2 id="import-values">{t("issueImport.values")}</h2>
            <p>{t("issueImport.valuesLead")}</p>
            <div className="import-value-tables">
              <ValueTable kind="status" rows={values.status} choices={ISSUE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}` as MessageKey) }))} empty={t("issueImport.valueChoose")} />
              <ValueTable
                kind="type"
                rows={values.type}
                choices={ISSUE_TYPES.map((s) => ({ value: s, label: t(`type.${s}` as MessageKey) }))}
                empty={mapping.unknownTypeKept ? t("issueImport.typeKeep") : t("issueImport.valueChoose")}
              />
              <ValueTable kind="priority" rows={values.priority} choices={PRIORITIES.map((s) => ({ value: s, label: t(`priority.${s}` as MessageKey) }))} empty={t("issueImport.valueChoose")} />
            </div>
          </section>
        ) : null}

        {towns.length ? (
          <section className="card" aria-labelledby="import-towns">
            <h2 id="import-towns">{t("issueImport.towns")}</h2>
            <p>{t("issueImport.townsLead")}</p>
            <MatchTable
              field="town"
              headers={[t("issueImport.townInFile"), t("issueImport.townTo")]}
              rows={towns.map((town) => ({ value: town.value, count: town.count, to: String(town.organizationId || 0) }))}
              choices={organizations.map((o) => ({ value: String(o.id), label: o.name }))}
              none={{ value: "0", label: t("issueImport.townNone") }}
              labelOf={(value) => t("issueImport.townOf", { name: value })}
            />
          </section>
        ) : null}

        <div className="form-actions">
          <button type="submit" name="intent" value="map" className="button primary">
            {t("issueImport.toPreview")}
          </button>
          <Link to="/admin/import" className="button">
            {t("issueImport.backToUpload")}
          </Link>
        </div>
      </Form>
    </>
  );
}

function ValueTable({ kind, rows, choices, empty }: { kind: "status" | "type" | "priority"; rows: { value: string; count: number; to: string }[]; choices: { value: string; label: string }[]; empty: string }) {
  const t = useT();
  if (!rows.length) return null;
  const name = t(`issueImport.kind.${kind}`);
  return (
    <MatchTable
      field={kind}
      caption={name}
      headers={[t("issueImport.valueInFile"), t("issueImport.valueTo")]}
      rows={rows}
      choices={choices}
      none={{ value: "", label: empty }}
      labelOf={(value) => t("issueImport.valueOf", { value, kind: name })}
    />
  );
}

/** What the file says (with how often) → what it becomes here: posted as `<field>From` / `<field>To` pairs. */
function MatchTable({
  field,
  caption,
  headers,
  rows,
  choices,
  none,
  labelOf,
}: {
  field: string;
  caption?: string;
  headers: [from: string, to: string];
  rows: { value: string; count: number; to: string }[];
  choices: { value: string; label: string }[];
  none: { value: string; label: string };
  labelOf: (value: string) => string;
}) {
  const t = useT();
  return (
    <div className="table-wrap">
      <table className="table import-values">
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">{headers[0]}</th>
            <th scope="col" className="num">
              {t("issueImport.valueCount")}
            </th>
            <th scope="col">{headers[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.value} className={row.to && row.to !== none.value ? undefined : "is-unmatched"}>
              <th scope="row">{row.value}</th>
              <td className="num">{row.count}</td>
              <td>
                <input type="hidden" name={`${field}From`} value={row.value} />
                <select name={`${field}To`} defaultValue={row.to} aria-label={labelOf(row.value)}>
                  <option value={none.value}>{none.label}</option>
                  {choices.map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
