import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/policy/permissions";
import { requireAuth } from "~/policy/guard.server";

/** The first admin page the viewer may use: the people, else the import (a WG lead who is no town admin). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  return redirect(!can(viewer, "user.list") && can(viewer, "import.open") ? "/admin/import" : "/admin/users");
}
