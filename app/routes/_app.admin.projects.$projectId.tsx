import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, Field, SelectField, useResetOnSuccess } from "~/components/forms";
import { ProjectFields } from "~/components/project-fields";
import type { MessageKey, Vars } from "~/i18n";
import {
  addMilestone,
  addWorkingGroup,
  deleteMilestone,
  getProjectForAdmin,
  parseProjectAction,
  setMilestoneDone,
  setParticipatingTowns,
  setWorkingGroupArchived,
  updateProject,
} from "~/models/consortium-admin.server";
import { formatDate, todayInJapan } from "~/utils/dates";
import { badRequest, submittedValues } from "~/utils/forms.server";
import { useLocale, useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const data = await getProjectForAdmin({ viewer, projectId: parseId(params.projectId) });
  if (!data) notFound();
  return json({ ...data, today: todayInJapan() });
}

/** A success answer: which form it was for and the message to show beside it. */
function done(intent: string, message: MessageKey, vars: Vars = {}) {
  return json({ ok: true as const, intent, message, vars });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const projectId = parseId(params.projectId);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const { data, errors } = parseProjectAction(form);
  if (!data) return badRequest(errors, { intent, values: submittedValues(form) });
  const ids = { viewer, actor: actorOf(context), projectId };
  switch (data.intent) {
    case "save": {
      const { intent: _, ...input } = data;
      if (!await updateProject({ ...ids, input })) notFound();
      return done(intent, "structure.projects.saved");
    }
    case "set-towns": {
      const result = await setParticipatingTowns({ ...ids, organizationIds: data.organizationIds });
      if (!result) notFound();
      if (!result.ok) return badRequest({ [result.field]: result.message }, { intent, values: submittedValues(form) });
      return done(intent, "structure.towns.saved", { count: result.count });
    }
    case "add-milestone": {
      const { intent: _, ...input } = data;
      const result = await addMilestone({ ...ids, input });
      if (!result) notFound();
      return done(intent, "structure.milestones.added", { name: result.name });
    }
    case "milestone-done":
    case "milestone-reopen": {
      const result = await setMilestoneDone({ ...ids, milestoneId: data.milestoneId, done: data.intent === "milestone-done" });
      if (!result) notFound();
      return done(intent, result.doneOn ? "structure.milestones.markedDone" : "structure.milestones.reopened", { name: result.name });
    }
    case "delete-milestone": {
      const result = await deleteMilestone({ ...ids, milestoneId: data.milestoneId });
      if (!result) notFound();
      return done(intent, "structure.milestones.deleted", { name: result.name });
    }
    case "add-wg": {
      const { intent: _, ...input } = data;
      const result = await addWorkingGroup({ ...ids, input });
      if (!result) notFound();
      if (!result.ok) return badRequest({ [result.field]: result.message }, { intent, values: submittedValues(form) });
      return done(intent, "structure.wgs.added", { name: result.name });
    }
    case "archive-wg":
    case "unarchive-wg": {
      const archived = data.intent === "archive-wg";
      const result = await setWorkingGroupArchived({ ...ids, wgId: data.wgId, archived });
      if (!result) notFound();
      return done(intent, archived ? "structure.wgs.archivedDone" : "structure.wgs.unarchivedDone", { name: result.name });
    }
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.adminProject", { name: data?.project.name ?? "" }) }];

const INTENTS_OF = {
  basics: ["save"],
  towns: ["set-towns"],
  milestones: ["add-milestone", "milestone-done", "milestone-reopen", "delete-milestone"],
  wgs: ["add-wg", "archive-wg", "unarchive-wg"],
} as const;

export default function ManageProject() {
  const { project, townChoices, townIds, milestones, workingGroups, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const failed = result && !result.ok ? result : null;
  const errorsOf = (intent: string): Partial<Record<string, string>> => (failed?.intent === intent ? failed.errors : {});
  const valuesOf = (intent: string) => (failed?.intent === intent ? failed.values : undefined);
  const err = (intent: string, field: string) => {
    const key = errorsOf(intent)[field];
    return key ? t(key as MessageKey) : undefined;
  };
  /** The outcome of the last action, shown in the section whose form sent it. */
  const outcome = (section: keyof typeof INTENTS_OF) => {
    if (!result || !(INTENTS_OF[section] as readonly string[]).includes(result.intent)) return null;
    return result.ok ? (
      <p className="flash" role="status">
        {t(result.message, result.vars)}
      </p>
    ) : (
      <p className="form-error" role="alert">
        {t("common.fixErrors")}
      </p>
    );
  };
  const addMilestoneForm = useResetOnSuccess(result, "add-milestone");
  const addWgForm = useResetOnSuccess(result, "add-wg");
  const unknownIntent = failed && !Object.values(INTENTS_OF).some((list) => (list as readonly string[]).includes(failed.intent));
  return (
    <>
      <div className="page-header">
        <div>
          <p className="breadcrumb">
            <Link to="/admin/projects">{t("structure.projects.title")}</Link>
          </p>
          <h1>
            {project.name} <span className="badge">{t(`phase.${project.phase}`)}</span>
          </h1>
        </div>
        <Link to={`/projects/${project.id}`} className="button">
          {t("structure.projects.openOverview")}
        </Link>
      </div>
      {unknownIntent ? (
        <p className="form-error" role="alert">
          {t("error.badRequest.body")}
        </p>
      ) : null}

      <div className="grid two wide-first">
        <section className="card" aria-labelledby="basics">
          <h2 id="basics">{t("structure.projects.basics")}</h2>
          {outcome("basics")}
          <Form method="post" noValidate className="form-grid" key={JSON.stringify(project)}>
            <input type="hidden" name="intent" value="save" />
            <ProjectFields values={valuesOf("save") ?? project} errors={errorsOf("save")} />
            <div className="form-actions">
              <button type="submit" className="button primary">
                {t("common.save")}
              </button>
            </div>
          </Form>
        </section>

        <section className="card" aria-labelledby="towns">
          <h2 id="towns">{t("structure.towns.title")}</h2>
          {outcome("towns")}
          <p className="muted">{t("structure.towns.lead")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="set-towns" />
            <fieldset className="choices" aria-describedby={err("set-towns", "organizationIds") ? "towns-error" : undefined}>
              <legend>{t("structure.towns.legend")}</legend>
              {townChoices.map((o) => (
                <CheckboxField
                  key={o.id}
                  id={`town-${o.id}`}
                  name="organizationIds"
                  value={o.id}
                  defaultChecked={townIds.includes(o.id)}
                  label={o.kind === "prefecture" ? `${o.name}（${t("structure.kind.prefecture")}）` : o.name}
                />
              ))}
            </fieldset>
            {err("set-towns", "organizationIds") ? (
              <p className="field-error" id="towns-error" role="alert">
                {err("set-towns", "organizationIds")}
              </p>
            ) : null}
            <div className="form-actions">
              <button type="submit" className="button primary">
                {t("structure.towns.save")}
              </button>
            </div>
          </Form>
        </section>
      </div>

      <section className="card" aria-labelledby="milestones">
        <h2 id="milestones">{t("structure.milestones.title")}</h2>
        {outcome("milestones")}
        {milestones.length === 0 ? (
          <p className="muted">{t("project.noMilestones")}</p>
        ) : (
          <div className="table-wrap flat">
            <table className="table with-controls">
              <thead>
                <tr>
                  <th scope="col">{t("structure.milestones.dueOn")}</th>
                  <th scope="col">{t("structure.milestones.name")}</th>
                  <th scope="col">{t("structure.milestones.state")}</th>
                  <th scope="col">{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {milestones.map((m) => {
                  const state = m.doneOn ? "done" : m.dueOn < today ? "late" : "upcoming";
                  return (
                    <tr key={m.id}>
                      <td className="nowrap">{formatDate(m.dueOn, locale)}</td>
                      <td>
                        {m.name}
                        {m.fixed ? <span className="badge">{t("milestone.fixed")}</span> : null}
                      </td>
                      <td>
                        <span className={`badge ${state}`}>{t(`milestone.${state}`)}</span>
                        {m.doneOn ? <div className="muted small">{t("structure.milestones.doneOn", { date: formatDate(m.doneOn, locale) })}</div> : null}
                      </td>
                      <td>
                        <div className="row-actions">
                          <Form method="post">
                            <input type="hidden" name="milestoneId" value={m.id} />
                            {m.doneOn ? (
                              <button type="submit" name="intent" value="milestone-reopen" className="button small" aria-label={t("structure.milestones.reopenOf", { name: m.name })}>
                                {t("structure.milestones.reopen")}
                              </button>
                            ) : (
                              <button type="submit" name="intent" value="milestone-done" className="button small" aria-label={t("structure.milestones.markDoneOf", { name: m.name })}>
                                {t("structure.milestones.markDone")}
                              </button>
                            )}
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="milestoneId" value={m.id} />
                            <button type="submit" name="intent" value="delete-milestone" className="button small danger" aria-label={t("structure.milestones.deleteOf", { name: m.name })}>
                              {t("structure.milestones.delete")}
                            </button>
                          </Form>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        <h3>{t("structure.milestones.add")}</h3>
        <Form method="post" noValidate className="inline-form" ref={addMilestoneForm}>
          <input type="hidden" name="intent" value="add-milestone" />
          <Field label={t("structure.milestones.name")} name="name" defaultValue={String(valuesOf("add-milestone")?.name ?? "")} maxLength={100} error={err("add-milestone", "name")} />
          <Field label={t("structure.milestones.dueOn")} name="dueOn" type="date" defaultValue={String(valuesOf("add-milestone")?.dueOn ?? "")} error={err("add-milestone", "dueOn")} />
          <CheckboxField label={t("structure.milestones.fixedLabel")} name="fixed" defaultChecked={Boolean(valuesOf("add-milestone")?.fixed)} />
          <button type="submit" className="button primary">
            {t("structure.milestones.add")}
          </button>
        </Form>
      </section>

      <section className="card" aria-labelledby="wgs">
        <h2 id="wgs">{t("structure.wgs.title")}</h2>
        {outcome("wgs")}
        <p className="muted">{t("structure.wgs.archiveHint")}</p>
        {workingGroups.length === 0 ? (
          <p className="muted">{t("structure.wgs.none")}</p>
        ) : (
          <div className="table-wrap flat">
            <table className="table with-controls">
              <thead>
                <tr>
                  <th scope="col">{t("structure.wgs.name")}</th>
                  <th scope="col" className="num">
                    {t("structure.wgs.members")}
                  </th>
                  <th scope="col">{t("structure.wgs.state")}</th>
                  <th scope="col">{t("common.actions")}</th>
                </tr>
              </thead>
              <tbody>
                {workingGroups.map((wg) => (
                  <tr key={wg.id} className={wg.archived ? "inactive" : undefined}>
                    <td>
                      <Link to={`/admin/wgs/${wg.id}`}>{wg.name}</Link>
                      {wg.description ? <div className="muted small">{wg.description}</div> : null}
                    </td>
                    <td className="num">{t("structure.wg.memberCount", { count: wg.memberCount })}</td>
                    <td>
                      <span className={wg.archived ? "badge muted" : "badge ok"}>{wg.archived ? t("structure.wgs.archived") : t("structure.wgs.active")}</span>
                    </td>
                    <td>
                      <Form method="post">
                        <input type="hidden" name="wgId" value={wg.id} />
                        <button
                          type="submit"
                          name="intent"
                          value={wg.archived ? "unarchive-wg" : "archive-wg"}
                          className="button small"
                          aria-label={t(wg.archived ? "structure.wgs.unarchiveOf" : "structure.wgs.archiveOf", { name: wg.name })}
                        >
                          {wg.archived ? t("structure.wgs.unarchive") : t("structure.wgs.archive")}
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3>{t("structure.wgs.add")}</h3>
        <Form method="post" noValidate className="inline-form" ref={addWgForm}>
          <input type="hidden" name="intent" value="add-wg" />
          <Field label={t("structure.wgs.name")} name="name" defaultValue={String(valuesOf("add-wg")?.name ?? "")} maxLength={100} error={err("add-wg", "name")} />
          <Field
            label={t("structure.wgs.description")}
            name="description"
            className="wide-input"
            defaultValue={String(valuesOf("add-wg")?.description ?? "")}
            maxLength={1000}
            error={err("add-wg", "description")}
          />
          <button type="submit" className="button primary">
            {t("structure.wgs.add")}
          </button>
        </Form>
      </section>
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
