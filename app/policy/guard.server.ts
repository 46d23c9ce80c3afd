// What every loader and action starts with: who is asking, and may they?
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import type { Authenticated, SignedInAccount } from "~/utils/auth.server";
import { can, refusalStatus, type Action, type Resources, type Viewer } from "./permissions";
import type { Actor } from "~/utils/audit.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set once per request by the server entry (see authenticate in auth.server.ts): the membership worked in. */
    auth: Authenticated | null;
    /** The person signed in, with or without a membership (an operator may have none). */
    account: SignedInAccount | null;
    cspNonce: string;
    ip: string;
    secure: boolean;
    /**
     * The HTTP method the client sent. A loader cannot tell from its own request: after the
     * action of a document POST, Remix runs the loaders with a GET request to render the page.
     */
    method: string;
  }
}

/** What a person still changes in an archived (保管) consortium: their own account, and where they work. */
const OWN_WHILE_ARCHIVED = /^\/(account|logout|switch|notifications)(\/|$)/;
const READS = new Set(["GET", "HEAD"]);

/** The sign-in page, coming back to this request's page afterwards. */
function signInRedirect(request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  return redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
}

/**
 * The signed-in user in their consortium, or a redirect: to the sign-in page (coming back here
 * afterwards); for someone signed in without a consortium to work in, to the operator's pages
 * (an operator) or to /no-consortium (anyone else, whose last consortium has just gone). In an
 * archived consortium every request that would change something is refused here, whatever the
 * route (the permission rules refuse the same, ADR 029).
 */
export function requireAuth(request: Request, context: AppLoadContext): Authenticated {
  if (context.auth) {
    if (context.auth.viewer.readOnly && !READS.has(context.method) && !OWN_WHILE_ARCHIVED.test(new URL(request.url).pathname)) {
      throw json({ code: "consortia.archivedRefused" }, { status: 403 });
    }
    return context.auth;
  }
  if (context.account) throw redirect(context.account.operator ? "/operator" : "/no-consortium");
  throw signInRedirect(request);
}

/**
 * The installation's operator (/operator): signed out → the sign-in page; anyone else → 404, so
 * the operator's pages are not known to exist.
 */
export function requireOperator(request: Request, context: AppLoadContext): SignedInAccount {
  if (!context.account) throw signInRedirect(request);
  if (!context.account.operator) notFound();
  return context.account;
}

/** Who did it, for the audit trail. */
export function actorOf(context: AppLoadContext): Actor {
  return { viewer: context.auth?.viewer ?? null, ip: context.ip };
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

/**
 * Throws 404 (read actions, and anything a vendor guest is refused: they must not learn
 * that an item exists) or 403 when the viewer may not do this.
 */
export function requirePermission<A extends Action>(
  viewer: Viewer,
  action: A,
  ...resource: Resources[A] extends undefined ? [] : [Resources[A]]
) {
  if (can(viewer, action, ...resource)) return;
  const status = refusalStatus(viewer, action);
  throw new Response(status === 404 ? "Not Found" : "Forbidden", { status });
}
