import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { blankSessionCookie, revokeSession } from "~/utils/auth.server";

// Signing out changes state, so it is POST only; a GET just goes home.
export async function loader() {
  return redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  // The session of the account, whether or not it works in a consortium (an operator may not).
  const sessionId = context.account?.sessionId ?? context.auth?.sessionId;
  if (sessionId) await revokeSession(sessionId);
  return redirect("/login", { headers: { "Set-Cookie": blankSessionCookie(context.secure) } });
}
