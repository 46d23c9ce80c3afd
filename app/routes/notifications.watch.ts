// Watch / unwatch an issue, a meeting or a decision (the WatchButton posts here). Only an
// item the viewer may see can be watched; anything else answers 404.
import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { setWatching, watchState } from "~/models/watching.server";
import { badRequest, parseForm } from "~/utils/forms.server";
import { readForm } from "~/utils/request-body.server";
import { safeRedirect } from "~/utils/safe-redirect";
import { notFound, requireAuth } from "~/policy/guard.server";

const WatchForm = z.object({
  entityType: z.enum(["issue", "meeting", "decision"]),
  entityId: z.coerce.number().int().positive().max(2 ** 31),
  watch: z.enum(["1", "0"]),
  redirectTo: z.string().max(500).optional(),
});

export async function loader() {
  notFound();
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const { data, errors } = parseForm(WatchForm, await readForm(request));
  if (!data) return badRequest(errors);
  const ok = await setWatching({ viewer, entityType: data.entityType, entityId: data.entityId, watching: data.watch === "1" });
  if (!ok) notFound();
  // Without JavaScript the form posts here directly: go back to the page.
  if (data.redirectTo) return redirect(safeRedirect(data.redirectTo));
  return json(await watchState(viewer, data.entityType, data.entityId));
}
