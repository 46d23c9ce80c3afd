// Server-sent events for a live sticky-note board. Every server process writes note
// changes to the live_event table; this stream polls it (a cheap indexed read of a
// prepared statement) and tells the browser which note changed — never its text: the
// board then refetches through the same visibility rules. Internal rows never reach a
// viewer who may not read internal notes.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { lastLiveEventId, liveEventsAfter, type LiveEvent } from "~/jobs/live-events.server";
import { boardMeeting, channelOf } from "~/models/sticky-note.server";
import { mayReceive } from "~/policy/visibility.server";
import { eventStream } from "~/utils/event-stream.server";
import { parseId } from "~/utils/params";
import { notFound, requireAuth } from "~/policy/guard.server";

const POLL_MS = 100;
const PING_MS = 15_000;
const BATCH = 200;

/** Where to resume: the browser's Last-Event-ID on reconnect, else ?since=, else from now. */
async function startAfter(request: Request, channel: string) {
  for (const value of [request.headers.get("Last-Event-ID"), new URL(request.url).searchParams.get("since")]) {
    if (value && /^\d{1,15}$/.test(value)) return Number(value);
  }
  return lastLiveEventId(channel);
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const meetingId = parseId(params.meetingId);
  if (!await boardMeeting(viewer, meetingId)) notFound();
  const channel = channelOf(meetingId);
  let lastId = await startAfter(request, channel);
  return eventStream(request, 2000, ({ send, stop }) => {
    const poll = async () => {
      let rows: LiveEvent[];
      try {
        rows = await liveEventsAfter(channel, lastId, BATCH);
      } catch {
        return; // busy for a moment: try again at the next tick
      }
      for (const row of rows) {
        lastId = row.id;
        if (!mayReceive(viewer, row.audience)) continue;
        const { noteId } = JSON.parse(row.payload) as { noteId?: number };
        send(`id: ${row.id}\nevent: change\ndata: ${JSON.stringify({ kind: row.kind, noteId: noteId ?? null })}\n\n`);
      }
    };
    const ping = async () => {
      // Also re-checks that the viewer may still see the meeting (e.g. sharing was turned off).
      if (!await boardMeeting(viewer, meetingId)) return stop();
      send(": ping\n\n");
    };
    // The browser waits 2 s before reconnecting; the stream opens at once.
    return { every: [[POLL_MS, poll], [PING_MS, ping]], first: poll };
  });
}
