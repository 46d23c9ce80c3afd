// Server-sent events for the bell: the unread count of the signed-in user, live. Every
// process writes a live_event row on the channel `user:<id>` when a notification is
// created or read (notification.server.ts); this stream polls that channel (as the sticky
// board's stream does, ADR 009) and sends the recounted number — the count goes through
// the same visibility rules as the inbox, so it never counts a now-hidden item.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lastLiveEventId } from "~/jobs/live-events.server";
import { unreadCount, userChannel } from "~/models/inbox.server";
import { eventStream } from "~/utils/event-stream.server";
import { requireAuth } from "~/policy/guard.server";

const POLL_MS = 1000;
const PING_MS = 15_000;
/** A recount now and then also catches changes that wrote no event (e.g. an item hidden). */
const RECOUNT_MS = 60_000;

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Signed out meanwhile (another tab logged out): 204 tells EventSource to stop reconnecting,
  // instead of following a redirect to the sign-in page's HTML.
  if (!context.auth) return new Response(null, { status: 204 });
  const { viewer } = requireAuth(request, context);
  const channel = userChannel(viewer.userId);
  let lastId = await lastLiveEventId(channel);
  let lastCount = -1;
  return eventStream(request, 5000, ({ send }) => {
    const recount = async () => {
      let count: number;
      try {
        count = await unreadCount(viewer);
      } catch {
        return; // busy for a moment: the next tick tries again
      }
      if (count !== lastCount) {
        lastCount = count;
        send(`event: count\ndata: ${JSON.stringify({ count })}\n\n`);
      }
    };
    const poll = async () => {
      let latest: number;
      try {
        latest = await lastLiveEventId(channel);
      } catch {
        return;
      }
      if (latest > lastId) {
        lastId = latest;
        await recount();
      }
    };
    return { every: [[POLL_MS, poll], [PING_MS, () => send(": ping\n\n")], [RECOUNT_MS, recount]], first: recount };
  });
}
