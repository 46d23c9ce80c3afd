// What every loader and action starts with: who is asking, and may they?
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import type { Authenticated } from "~/utils/auth.server";
import { can, refusalStatus, type Action, type Resources, type Viewer } from "./permissions";
import type { Actor } from "~/utils/audit.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Set once per request by the server entry (see authenticate in auth.server.ts). */
    auth: Authenticated | null;
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

/**
 * The signed-in user, or a redirect to the sign-in page that comes back here afterwards. In an
 * archived consortium every request that would change something is refused here, whatever
 * the route (the permission rules refuse the same, ADR 029).
 */
export function requireAuth(request: Request, context: AppLoadContext): Authenticated {
  const url = new URL(request.url);
  if (context.auth) {
    if (context.auth.viewer.readOnly && !READS.has(context.method) && !OWN_WHILE_ARCHIVED.test(url.pathname)) {
      throw json({ code: "consortia.archivedRefused" }, { status: 403 });
    }
    return context.auth;
  }
  const back = url.pathname + url.search;
  throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
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
