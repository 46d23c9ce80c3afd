// 協議会の切り替え (the switcher in the header): the session moves to another consortium of the
// person's, and the dashboard of that consortium opens. A consortium the person does not take
// part in (or may not enter today) is simply not found.
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { membershipsOf, switchMembership } from "~/utils/auth.server";
import { notFound, requireAuth } from "~/policy/guard.server";
import { readForm } from "~/utils/request-body.server";

export async function loader({ request, context }: ActionFunctionArgs) {
  requireAuth(request, context);
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer, sessionId } = requireAuth(request, context);
  const consortiumId = Number((await readForm(request)).get("consortiumId"));
  const target = membershipsOf(viewer.accountId).find((m) => m.consortiumId === consortiumId);
  if (!target) notFound();
  await switchMembership(sessionId, viewer.accountId, target.userId);
  return redirect("/");
}
