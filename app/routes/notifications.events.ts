// Server-sent events for the bell: the unread count of the signed-in user, live. Every
// process writes a live_event row on the channel `user:<id>` when a notification is
// created or read (notification.server.ts); this stream polls that channel (as the sticky
// board's stream does, ADR 009) and sends the recounted number — the count goes through
// the same visibility rules as the inbox, so it never counts a now-hidden item.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { unreadCount, userChannel } from "~/models/notification.server";
import { sqlite } from "~/utils/db.server";
import { requireAuth } from "~/utils/session.server";

const POLL_MS = 1000;
const PING_MS = 15_000;
/** A recount now and then also catches changes that wrote no event (e.g. an item hidden). */
const RECOUNT_MS = 60_000;

const lastRow = sqlite.prepare<[string], { id: number | null }>("SELECT max(id) AS id FROM live_event WHERE channel = ?");

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Signed out meanwhile (another tab logged out): 204 tells EventSource to stop reconnecting,
  // instead of following a redirect to the sign-in page's HTML.
  if (!context.auth) return new Response(null, { status: 204 });
  const { viewer } = requireAuth(request, context);
  const channel = userChannel(viewer.userId);
  const encoder = new TextEncoder();
  let stop = () => {};

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let lastId = lastRow.get(channel)?.id ?? 0;
      let lastCount = -1;
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      const recount = () => {
        let count: number;
        try {
          count = unreadCount(viewer);
        } catch {
          return; // busy for a moment: the next tick tries again
        }
        if (count !== lastCount) {
          lastCount = count;
          send(`event: count\ndata: ${JSON.stringify({ count })}\n\n`);
        }
      };
      const poll = () => {
        if (closed) return;
        let latest: number;
        try {
          latest = lastRow.get(channel)?.id ?? 0;
        } catch {
          return;
        }
        if (latest > lastId) {
          lastId = latest;
          recount();
        }
      };
      const poller = setInterval(poll, POLL_MS);
      const pinger = setInterval(() => send(": ping\n\n"), PING_MS);
      const recounter = setInterval(recount, RECOUNT_MS);
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(poller);
        clearInterval(pinger);
        clearInterval(recounter);
        request.signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // already closed by the consumer
        }
      };
      request.signal.addEventListener("abort", stop);
      if (request.signal.aborted) return stop();
      send(`retry: 5000\n: connected\n\n`);
      recount();
    },
    cancel() {
      stop();
    },
  });

  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
