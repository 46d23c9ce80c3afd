import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OneTimeLink, UserForm } from "~/components/user-form";
import { INVITE_DAYS } from "~/models/membership.server";
import { assignableOrganizations, createUser, parseUserForm } from "~/models/user-admin.server";
import { answer, badRequest, submittedValues } from "~/utils/forms.server";
import { useT, pageTitle } from "~/utils/i18n";
import { can } from "~/policy/permissions";
import { readForm } from "~/utils/request-body.server";
import { actorOf, requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "user.list");
  return json({ organizations: await assignableOrganizations(viewer), canAssignRoles: can(viewer, "consortium.manage") });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "user.list");
  const form = await readForm(request);
  const { data, errors } = parseUserForm(form);
  if (!data) return badRequest(errors, { values: submittedValues(form) });
  requirePermission(viewer, "user.manage", { organizationId: data.organizationId, role: data.role });
  const result = await createUser({ viewer, actor: actorOf(context), input: data });
  if (!result.ok) return answer(result, { values: submittedValues(form) });
  return json({
    ok: true as const,
    userId: result.userId,
    days: INVITE_DAYS,
    link: new URL(`/invite/${result.inviteToken}`, request.url).href,
  });
}

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "titles.adminUserNew") }];

export default function NewUser() {
  const { organizations, canAssignRoles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  if (result?.ok) {
    return (
      <section className="card narrow">
        <h1>{t("admin.users.new")}</h1>
        <OneTimeLink message={t("admin.users.created", { days: result.days })} url={result.link} />
        <p>
          <Link to={`/admin/users/${result.userId}`}>{t("admin.users.edit")}</Link>・<Link to="/admin/users">{t("admin.users.title")}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <h1>{t("admin.users.new")}</h1>
      {result && !result.ok ? (
        <p className="form-error" role="alert">
          {t("common.fixErrors")}
        </p>
      ) : null}
      <UserForm
        errors={result && !result.ok ? result.errors : {}}
        values={result && !result.ok ? result.values : undefined}
        organizations={organizations}
        canAssignRoles={canAssignRoles}
        submitLabel={t("common.create")}
      />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
