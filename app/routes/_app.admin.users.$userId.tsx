import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OneTimeLink, UserForm } from "~/components/user-form";
import { RESET_LINK_HOURS } from "~/utils/password-policy";
import {
  assignableOrganizations,
  getManagedUser,
  issueResetLink,
  parseUserForm,
  setUserActive,
  updateUser,
} from "~/models/user-admin.server";
import { answer, badRequest, submittedValues } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { parseId } from "~/utils/params";
import { can } from "~/policy/permissions";
import { readForm } from "~/utils/request-body.server";
import { actorOf, notFound, requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "user.list");
  // Scoped in the query: another town's user is not found for a town admin.
  const user = await getManagedUser({ viewer, userId: parseId(params.userId) });
  if (!user) notFound();
  return json({ user, organizations: await assignableOrganizations(viewer), canAssignRoles: can(viewer, "consortium.manage"), self: user.id === viewer.userId });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "user.list");
  const userId = parseId(params.userId);
  const target = await getManagedUser({ viewer, userId });
  if (!target) notFound();
  // A town admin sees the PMO and leadership accounts of their town, but only the PMO manages them.
  if (!target.mayManage) return badRequest({ form: "admin.users.managedByPmo" }, {}, 403);
  const actor = actorOf(context);
  const form = await readForm(request);
  switch (form.get("intent")) {
    case "save": {
      const { data, errors } = parseUserForm(form);
      if (!data) return badRequest(errors, { values: submittedValues(form) });
      const result = await updateUser({ viewer, actor, userId, input: data });
      if (!result.ok) return answer(result, { values: submittedValues(form) });
      return json({ ok: true as const, message: "admin.users.updated" as const, link: null });
    }
    case "reset-link": {
      const result = await issueResetLink({ viewer, actor, userId });
      if (!result.ok) return answer(result);
      if (result.token === null) return json({ ok: true as const, message: "admin.users.resetMailed" as const, link: null });
      return json({ ok: true as const, message: "admin.users.resetIssued" as const, link: new URL(`/set-password/${result.token}`, request.url).href });
    }
    case "deactivate":
    case "activate": {
      const active = form.get("intent") === "activate";
      if (!active && userId === viewer.userId) return badRequest({ form: "admin.users.cannotDeactivateSelf" });
      const result = await setUserActive({ viewer, actor, userId, active });
      if (!result.ok) return answer(result);
      return json({ ok: true as const, message: active ? ("admin.users.activated" as const) : ("admin.users.deactivated" as const), link: null });
    }
    default:
      return badRequest({ form: "error.badRequest.body" });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "titles.adminUser", { name: data?.user.displayName ?? "" }) }];

export default function EditUser() {
  const { user, organizations, canAssignRoles, self } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const errors: Record<string, string | undefined> = result && !result.ok ? result.errors : {};
  return (
    <div className="grid two wide-first">
      <section className="card">
        <p className="breadcrumb">
          <Link to="/admin/users">{t("admin.users.title")}</Link>
        </p>
        <h1>
          {user.displayName}{" "}
          <span className={user.active ? "badge ok" : "badge muted"}>{user.active ? t("admin.users.active") : t("admin.users.inactive")}</span>
        </h1>
        {result?.ok ? (
          result.link ? (
            <OneTimeLink message={t(result.message, { hours: RESET_LINK_HOURS })} url={result.link} />
          ) : (
            <p className="flash" role="status">
              {t(result.message)}
            </p>
          )
        ) : null}
        {errors.form ? (
          <p className="form-error" role="alert">
            {t(errors.form as "admin.users.cannotDeactivateSelf")}
          </p>
        ) : result && !result.ok ? (
          <p className="form-error" role="alert">
            {t("common.fixErrors")}
          </p>
        ) : null}
        {user.mayManage ? (
          <UserForm
            key={JSON.stringify(user)}
            values={result && !result.ok && "values" in result && result.values ? { ...user, ...result.values } : user}
            errors={errors}
            organizations={organizations}
            canAssignRoles={canAssignRoles}
            emailLocked={!user.emailEditable}
            submitLabel={t("common.save")}
          />
        ) : (
          <>
            {errors.form ? null : <p className="muted">{t("admin.users.managedByPmo")}</p>}
            <dl className="facts">
              <dt>{t("admin.users.email")}</dt>
              <dd>{user.email}</dd>
              <dt>{t("admin.users.organization")}</dt>
              <dd>{user.organizationName}</dd>
              <dt>{t("admin.users.department")}</dt>
              <dd>{user.department || t("common.none")}</dd>
              <dt>{t("admin.users.rank")}</dt>
              <dd>{t(`rank.${user.rank}`)}</dd>
              <dt>{t("admin.users.role")}</dt>
              <dd>{user.role ? t(`role.${user.role}`) : t("common.none")}</dd>
            </dl>
          </>
        )}
      </section>
      <aside className="stack">
        <section className="card">
          <h2>{t("admin.users.wgs")}</h2>
          {user.wgs.length === 0 ? (
            <p className="muted">{t("common.none")}</p>
          ) : (
            <ul className="link-list">
              {user.wgs.map((w) => (
                <li key={w.wgId}>
                  <Link to={`/wg/${w.wgId}`}>{w.name}</Link> <span className="muted">{t(`wgRole.${w.role}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        {user.mayManage ? (
          <section className="card">
            <h2>{t("admin.users.resetLink")}</h2>
            <p className="muted">{t("admin.users.resetLinkHelp")}</p>
            <Form method="post">
              <button type="submit" name="intent" value="reset-link" className="button">
                {t("admin.users.resetLink")}
              </button>
            </Form>
          </section>
        ) : null}
        {user.mayManage && !self ? (
          <section className="card">
            <h2>{user.active ? t("admin.users.deactivate") : t("admin.users.activate")}</h2>
            {user.active ? <p className="muted">{t("admin.users.deactivateHelp")}</p> : null}
            <Form method="post">
              <button type="submit" name="intent" value={user.active ? "deactivate" : "activate"} className={user.active ? "button danger" : "button"}>
                {user.active ? t("admin.users.deactivate") : t("admin.users.activate")}
              </button>
            </Form>
          </section>
        ) : null}
      </aside>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
