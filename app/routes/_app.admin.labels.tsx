// /admin/labels: the consortium's labels (PMO only; 404 to everyone else). Each row edits its
// name and colour; archive/restore, delete, merging and the hearing checklist's starter set post their
// own intents.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField, useResetOnSuccess } from "~/components/forms";
import { useIntentFeedback } from "~/components/intent-feedback";
import { ControlsTable, IntentButton } from "~/components/row-controls";
import { invalid, type Result } from "~/domain/result";
import type { MessageKey } from "~/i18n";
import { addStarterLabels, createLabel, deleteLabel, listLabels, mergeLabel, parseLabelAction, setLabelArchived, updateLabel } from "~/models/label-admin.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { answer, intentDone, intentRefused } from "~/utils/forms.server";
import { pageTitle, useT } from "~/utils/i18n";
import { readForm } from "~/utils/request-body.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.configure");
  const result = await listLabels({ viewer });
  if (!result.ok) throw answer(result);
  return json({ labels: result.labels });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.configure");
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const { data, errors } = parseLabelAction(form);
  if (!data) return intentRefused(intent, form, invalid(errors));
  const ids = { viewer, actor: actorOf(context) };
  const reply = (result: Result<{ name: string }>, message: MessageKey) =>
    result.ok ? intentDone(intent, message, { name: result.name }) : intentRefused(intent, form, result);
  switch (data.intent) {
    case "create":
      return reply(await createLabel({ ...ids, input: { name: data.name, color: data.color } }), "labels.created");
    case "update":
      return reply(await updateLabel({ ...ids, labelId: data.labelId, input: { name: data.name, color: data.color } }), "labels.updated");
    case "archive":
    case "restore":
      return reply(await setLabelArchived({ ...ids, labelId: data.labelId, archived: data.intent === "archive" }), data.intent === "archive" ? "labels.archivedDone" : "labels.restored");
    case "delete":
      return reply(await deleteLabel({ ...ids, labelId: data.labelId }), "labels.deleted");
    case "merge":
      return reply(await mergeLabel({ ...ids, labelId: data.labelId, intoId: data.intoId }), "labels.merged");
    case "starter": {
      const result = await addStarterLabels(ids);
      return result.ok ? intentDone(intent, "labels.starterAdded", { count: result.added }) : intentRefused(intent, form, result);
    }
  }
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminLabels") }];

export default function LabelsPage() {
  const { labels } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const { err, value, outcome } = useIntentFeedback(result);
  const createForm = useResetOnSuccess(result, "create");
  const options = labels.map((l) => ({ value: l.id, label: l.name }));
  return (
    <>
      <div className="page-header">
        <h1>{t("labels.title")}</h1>
      </div>
      <p>{t("labels.lead")}</p>
      {outcome(["update", "archive", "restore", "delete"])}
      <section className="card" aria-labelledby="labels-list">
        <h2 id="labels-list" className="visually-hidden">
          {t("labels.title")}
        </h2>
        {labels.length === 0 ? (
          <p className="muted">{t("labels.none")}</p>
        ) : (
          <ControlsTable headers={[{ label: t("labels.name") }, { label: t("labels.issues"), numeric: true }, { label: t("labels.state") }, { label: "" }]}>
            {labels.map((l) => (
              <tr key={l.id} className={l.archived ? "is-archived" : undefined}>
                <td>
                  <Form method="post" className="label-row-form">
                    <input type="hidden" name="labelId" value={l.id} />
                    <input type="color" name="color" defaultValue={l.color} aria-label={t("labels.colorOf", { name: l.name })} />
                    <input name="name" defaultValue={l.name} maxLength={40} aria-label={t("labels.nameOf", { name: l.name })} required />
                    <button type="submit" name="intent" value="update" className="button small" aria-label={t("labels.saveOf", { name: l.name })}>
                      {t("labels.save")}
                    </button>
                  </Form>
                </td>
                <td className="num">{t("labels.issueCount", { count: l.issues })}</td>
                <td>{l.archived ? <span className="badge muted">{t("labels.archived")}</span> : t("labels.active")}</td>
                <td>
                  <div className="row-actions">
                    {l.archived ? (
                      <IntentButton intent="restore" fields={{ labelId: l.id }} label={t("labels.restoreOf", { name: l.name })}>
                        {t("labels.restore")}
                      </IntentButton>
                    ) : (
                      <IntentButton intent="archive" fields={{ labelId: l.id }} label={t("labels.archiveOf", { name: l.name })}>
                        {t("labels.archive")}
                      </IntentButton>
                    )}
                    <IntentButton intent="delete" fields={{ labelId: l.id }} danger label={t("labels.deleteOf", { name: l.name })} confirm={t("labels.deleteConfirm", { name: l.name, count: l.issues })}>
                      {t("labels.delete")}
                    </IntentButton>
                  </div>
                </td>
              </tr>
            ))}
          </ControlsTable>
        )}
        {err("update", "name") ? (
          <p className="form-error" role="alert">
            {err("update", "name")}
          </p>
        ) : null}
      </section>

      <div className="grid-two">
        <section className="card" aria-labelledby="new-label">
          <h2 id="new-label">{t("labels.new")}</h2>
          {outcome(["create"])}
          <Form method="post" ref={createForm} noValidate>
            <input type="hidden" name="intent" value="create" />
            <Field label={t("labels.name")} name="name" required maxLength={40} defaultValue={value("create", "name")} error={err("create", "name")} />
            <Field label={t("labels.color")} name="color" type="color" defaultValue={value("create", "color") || "#0369a1"} error={err("create", "color")} />
            <button type="submit" className="button primary">
              {t("labels.add")}
            </button>
          </Form>
        </section>
        <section className="card" aria-labelledby="starter-labels">
          <h2 id="starter-labels">{t("labels.starter")}</h2>
          <p>{t("labels.starterLead")}</p>
          {outcome(["starter"])}
          <Form method="post">
            <button type="submit" name="intent" value="starter" className="button">
              {t("labels.starter")}
            </button>
          </Form>
        </section>
      </div>

      {labels.length >= 2 ? (
        <section className="card narrow" aria-labelledby="merge-labels">
          <h2 id="merge-labels">{t("labels.mergeTitle")}</h2>
          <p>{t("labels.mergeLead")}</p>
          {outcome(["merge"])}
          <Form method="post" onSubmit={(e) => void (window.confirm(t("labels.mergeConfirm")) || e.preventDefault())}>
            <input type="hidden" name="intent" value="merge" />
            <SelectField label={t("labels.mergeFrom")} name="labelId" options={options} defaultValue={value("merge", "labelId") || String(labels[0].id)} error={err("merge", "labelId")} />
            <SelectField label={t("labels.mergeInto")} name="intoId" options={options} defaultValue={value("merge", "intoId") || String(labels[1].id)} error={err("merge", "intoId")} />
            <button type="submit" className="button danger">
              {t("labels.merge")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
