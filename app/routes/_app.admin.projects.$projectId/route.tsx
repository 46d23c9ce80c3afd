import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField } from "~/components/forms";
import { ProjectFields } from "~/components/project-fields";
import { invalid } from "~/domain/result";
import { getProjectForAdmin, parseProjectAction } from "~/models/project-admin.server";
import { todayInJapan } from "~/utils/dates";
import { answer, intentRefused } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { readForm } from "~/utils/request-body.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";
import { dispatchProjectIntent } from "./intents.server";
import { useIntentFeedback } from "~/components/intent-feedback";
import { MILESTONE_INTENTS, MilestonesSection } from "./milestones-section";
import { WORKING_GROUP_INTENTS, WorkingGroupsSection } from "./working-groups-section";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const result = await getProjectForAdmin({ viewer, projectId: parseId(params.projectId) });
  if (!result.ok) throw answer(result);
  const { ok: _, ...data } = result;
  return json({ ...data, today: todayInJapan() });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "consortium.manage");
  const form = await readForm(request);
  const { data, errors } = parseProjectAction(form);
  if (!data) return intentRefused(String(form.get("intent") ?? ""), form, invalid(errors));
  return dispatchProjectIntent({ data, ids: { viewer, actor: actorOf(context), projectId: parseId(params.projectId) }, form });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: pageTitle(matches, "titles.adminProject", { name: data?.project.name ?? "" }) },
];

/** The intents of each section of the page, to show an answer in the section that asked. */
const INTENTS_OF = {
  basics: ["save"],
  towns: ["set-towns"],
  milestones: MILESTONE_INTENTS,
  wgs: WORKING_GROUP_INTENTS,
} as const;

export default function ManageProject() {
  const { project, townChoices, townIds, milestones, workingGroups, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const { failed, errorsOf, valuesOf, err, outcome } = useIntentFeedback(result);
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
          {outcome(INTENTS_OF.basics)}
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
          {outcome(INTENTS_OF.towns)}
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

      <MilestonesSection milestones={milestones} today={today} result={result} feedback={{ err, valuesOf, outcome }} />
      <WorkingGroupsSection workingGroups={workingGroups} result={result} feedback={{ err, valuesOf, outcome }} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
