import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, SelectField, TextareaField, useResetOnSuccess } from "~/components/forms";
import { ControlsTable, DeleteSection, IntentButton } from "~/components/row-controls";
import { useIntentFeedback } from "~/components/intent-feedback";
import { invalid, type Result } from "~/domain/result";
import type { MessageKey } from "~/i18n";
import {
  addWgMember,
  changeWgRole,
  deleteWorkingGroup,
  getWorkingGroupForAdmin,
  parseWgAction,
  removeWgMember,
  updateWorkingGroup,
} from "~/models/working-group-admin.server";
import { answer, intentDone, intentRefused } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { readForm } from "~/utils/request-body.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const result = await getWorkingGroupForAdmin({ viewer, wgId: parseId(params.wgId) });
  if (!result.ok) throw answer(result);
  const { ok: _, ...data } = result;
  return json(data);
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const wgId = parseId(params.wgId);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const { data, errors } = parseWgAction(form);
  if (!data) return intentRefused(intent, form, invalid(errors));
  const ids = { viewer, actor: actorOf(context), wgId };
  /** 404 when the WG or member is not found (or is another consortium's), the field's message, or done. */
  const reply = (result: Result<{ name?: string }>, message: MessageKey) =>
    result.ok ? intentDone(intent, message, { name: result.name ?? "" }) : intentRefused(intent, form, result);
  switch (data.intent) {
    case "save":
      return reply(await updateWorkingGroup({ ...ids, input: { name: data.name, description: data.description } }), "structure.wg.saved");
    case "add-member":
      return reply(await addWgMember({ ...ids, userId: data.userId, role: data.role }), "structure.wg.added");
    case "change-role":
      return reply(await changeWgRole({ ...ids, userId: data.userId, role: data.role }), "structure.wg.roleChanged");
    case "remove-member":
      return reply(await removeWgMember({ ...ids, userId: data.userId }), "structure.wg.removed");
    case "delete": {
      const deleted = await deleteWorkingGroup(ids);
      return deleted.ok ? redirect(`/admin/projects/${deleted.projectId}`) : intentRefused(intent, form, deleted);
    }
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.adminProject", { name: data?.wg.name ?? "WG" }) }];

const ROLES = ["lead", "member", "guest"] as const;

export default function ManageWorkingGroup() {
  const { wg, members, candidates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const { err, value, outcome } = useIntentFeedback(result);
  const addMemberForm = useResetOnSuccess(result, "add-member");
  const roleOptions = ROLES.map((r) => ({ value: r, label: t(`wgRole.${r}`) }));
  return (
    <>
      <div className="page-header">
        <div>
          <p className="breadcrumb">
            <Link to="/admin/projects">{t("structure.projects.title")}</Link> <Link to={`/admin/projects/${wg.projectId}`}>{wg.projectName}</Link>
          </p>
          <h1>
            {wg.name} {wg.archived ? <span className="badge muted">{t("structure.wgs.archived")}</span> : null}
          </h1>
        </div>
        <Link to={`/wg/${wg.id}`} className="button">
          {t("structure.wg.openHome")}
        </Link>
      </div>
      <p>{t("structure.wg.lead")}</p>
      {wg.archived ? <p className="muted">{t("structure.wg.archivedNote")}</p> : null}

      <div className="grid two wide-first">
        <section className="card" aria-labelledby="members">
          <h2 id="members">
            {t("structure.wg.members")} <span className="muted small">{t("structure.wg.memberCount", { count: members.length })}</span>
          </h2>
          {outcome(["change-role", "remove-member"])}
          {members.length === 0 ? (
            <p className="muted">{t("structure.wg.noMembers")}</p>
          ) : (
            <ControlsTable
              headers={[
                { label: t("structure.wg.person") },
                { label: t("structure.wg.organization") },
                { label: t("structure.wg.role") },
                { label: t("common.actions") },
              ]}
            >
              {members.map((m) => {
                const rowError = value("change-role", "userId") === String(m.userId) ? err("change-role", "role") : undefined;
                return (
                  <tr key={m.userId} className={m.active ? undefined : "inactive"}>
                    <td>
                      <Link to={`/admin/users/${m.userId}`}>{m.displayName}</Link>
                      {m.active ? null : <span className="badge muted">{t("structure.wg.inactive")}</span>}
                    </td>
                    <td>{m.organizationName}</td>
                    <td>
                      <Form method="post" className={rowError ? "row-form has-error" : "row-form"}>
                        <input type="hidden" name="intent" value="change-role" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <select
                          key={`${m.userId}-${m.role}`}
                          name="role"
                          defaultValue={rowError ? value("change-role", "role") : m.role}
                          aria-label={t("structure.wg.roleOf", { name: m.displayName })}
                          aria-invalid={rowError ? true : undefined}
                          aria-describedby={rowError ? `role-error-${m.userId}` : undefined}
                        >
                          {roleOptions.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button small" aria-label={t("structure.wg.changeRoleOf", { name: m.displayName })}>
                          {t("structure.wg.changeRole")}
                        </button>
                      </Form>
                      {rowError ? (
                        <p className="field-error" id={`role-error-${m.userId}`} role="alert">
                          {rowError}
                        </p>
                      ) : null}
                    </td>
                    <td>
                      <IntentButton intent="remove-member" fields={{ userId: m.userId }} danger label={t("structure.wg.removeOf", { name: m.displayName })}>
                        {t("structure.wg.remove")}
                      </IntentButton>
                    </td>
                  </tr>
                );
              })}
            </ControlsTable>
          )}
          <h3>{t("structure.wg.addMember")}</h3>
          {outcome(["add-member"])}
          {candidates.length === 0 ? (
            <p className="muted">{t("structure.wg.noCandidates")}</p>
          ) : (
            <Form method="post" noValidate className="inline-form" ref={addMemberForm}>
              <input type="hidden" name="intent" value="add-member" />
              <SelectField
                label={t("structure.wg.user")}
                name="userId"
                defaultValue={value("add-member", "userId") ?? ""}
                options={[{ value: "", label: t("structure.wg.choose") }, ...candidates.map((c) => ({ value: c.userId, label: `${c.displayName}（${c.organizationName}）` }))]}
                error={err("add-member", "userId")}
              />
              <SelectField
                label={t("structure.wg.role")}
                name="role"
                defaultValue={value("add-member", "role") ?? "member"}
                options={roleOptions}
                error={err("add-member", "role")}
              />
              <button type="submit" className="button primary">
                {t("structure.wg.addMember")}
              </button>
            </Form>
          )}
          <p className="field-hint">{t("structure.wg.roleHint")}</p>
        </section>

        <section className="card" aria-labelledby="basics">
          <h2 id="basics">{t("structure.projects.basics")}</h2>
          {outcome(["save"])}
          <Form method="post" noValidate key={JSON.stringify(wg)}>
            <input type="hidden" name="intent" value="save" />
            <Field label={t("structure.wgs.name")} name="name" defaultValue={value("save", "name") ?? wg.name} required maxLength={100} error={err("save", "name")} />
            <TextareaField
              label={t("structure.wgs.description")}
              name="description"
              defaultValue={value("save", "description") ?? wg.description}
              rows={4}
              maxLength={1000}
              error={err("save", "description")}
            />
            <div className="form-actions">
              <button type="submit" className="button primary">
                {t("common.save")}
              </button>
            </div>
          </Form>
        </section>
        <DeleteSection
          title={t("deletion.wg.title")}
          explain={t("deletion.wg.explain")}
          error={err("delete", "form")}
          confirm={t("deletion.wg.confirm", { name: wg.name })}
          button={t("deletion.wg.submit")}
        />
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
