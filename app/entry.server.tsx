import type { AppLoadContext, EntryContext, HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { NonceProvider } from "./utils/nonce";

// The server entry (server.ts) reaches the app's modules through these exports, so the
// whole server shares one copy of each (one SQLite connection per process).
export { authenticate, deleteExpiredSessions } from "./utils/auth.server";
export { refreshStatistics } from "./utils/db.server";
export { env } from "./utils/env.server";
export { isSameOrigin, isSafeMethod } from "./utils/origin.server";
export { answerUnreadBodies } from "./utils/unread-body.server";
export { pruneLiveEvents } from "./jobs/live-events.server";
export { startMailWorker } from "./jobs/mail/worker.server";
export { sweepOrphanFiles } from "./models/attachment.server";
export { purgeDeletedIssues } from "./models/issue-deletion.server";
export { recoverStaleImports, sweepImports } from "./models/issue-import.server";
export { setupToken } from "./models/installation.server";

/**
 * Renders the whole document at once. We have no deferred data, so streaming would gain
 * nothing; and React 18's stream writer (renderToPipeableStream) can emit NUL bytes where a
 * multi-byte character meets its 2 KB buffer boundary (react#31134), which corrupted
 * Japanese text and form values. renderToString has no such buffer.
 */
export default function handleRequest(
  request: Request,
  status: number,
  headers: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  const html = renderToString(
    <NonceProvider value={nonce}>
      <RemixServer context={remixContext} url={request.url} nonce={nonce} />
    </NonceProvider>,
  );
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers, status });
}

export const handleError: HandleErrorFunction = (error, { request }) => {
  // Aborted requests (the browser navigated away) are not errors, nor are refusals Remix
  // answers itself (a `_data` request for a route that does not match: 403/404).
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  console.error(error);
};
