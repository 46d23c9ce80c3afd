// A link that names its consortium (mail, the inbox, calendar feeds: consortiumPath): /c/2/issues/12
// moves the session to consortium 2, when the person takes part in it, then opens /issues/12.
// Anyone else is not found; someone signed out signs in first and comes back here (ADR 029).
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { membershipsOf, switchMembership } from "~/utils/auth.server";
import { notFound, requireAuth } from "~/policy/guard.server";
import { safeRedirect } from "~/utils/safe-redirect";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer, sessionId } = requireAuth(request, context);
  const consortiumId = Number(params.consortiumId);
  const target = membershipsOf(viewer.accountId).find((m) => m.consortiumId === consortiumId);
  if (!target) notFound();
  if (target.userId !== viewer.userId) await switchMembership(sessionId, viewer.accountId, target.userId);
  const { search, hash } = new URL(request.url);
  return redirect(safeRedirect(`/${params["*"] ?? ""}${search}${hash}`));
}
