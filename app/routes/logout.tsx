import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { blankSessionCookie, revokeSession } from "~/utils/auth.server";

// Signing out changes state, so it is POST only; a GET just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  if (context.auth) await revokeSession(context.auth.sessionId);
  return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(context.secure) } });
}
