// The live change feed (live_event, ADR 009): every server process writes a row when
// something a live page shows changes (a sticky note on `meeting:<id>`, a notification on
// `user:<id>`), and server-sent event streams poll their channel with a cheap indexed read.
// A row says *what* changed, never its text: the page refetches through the visibility
// rules. Streams resume from an id a few seconds old (Last-Event-ID, ?since=), so rows
// older than a day are pruned by the hourly housekeeping.
import { lt } from "drizzle-orm";
import { readConnection, schema, write, type Executor } from "~/utils/db.server";

export const LIVE_EVENT_RETENTION_MS = 24 * 3600_000;

export type LiveEventAudience = "all" | "internal";
/** A row as a stream reads it; `payload` is JSON. */
export type LiveEvent = { id: number; kind: string; audience: string; payload: string };

/**
 * Publishes one change on a channel, inside the transaction of the write that caused it (so
 * a rolled-back write publishes nothing). `internal` rows only reach insiders' streams.
 */
export async function publishLiveEvent(tx: Executor, { channel, kind, audience = "all", payload = {} }: { channel: string; kind: string; audience?: LiveEventAudience; payload?: Record<string, unknown> }) {
  tx.insert(schema.liveEvent).values({ channel, kind, audience, payload: JSON.stringify(payload), createdAt: Date.now() }).run();
}

// Prepared once: streams poll these every 100 ms to a few seconds.
const eventsAfter = readConnection.prepare<[string, number, number], LiveEvent>("SELECT id, kind, audience, payload FROM live_event WHERE channel = ? AND id > ? ORDER BY id LIMIT ?");
const lastRow = readConnection.prepare<[string], { id: number | null }>("SELECT max(id) AS id FROM live_event WHERE channel = ?");

/** The newest event id on a channel (0 when it has none): where a stream that starts now resumes. */
export async function lastLiveEventId(channel: string): Promise<number> {
  return lastRow.get(channel)?.id ?? 0;
}

/** The events on a channel after `afterId`, oldest first, at most `limit`. */
export async function liveEventsAfter(channel: string, afterId: number, limit: number): Promise<LiveEvent[]> {
  return eventsAfter.all(channel, afterId, limit);
}

/** Deletes live_event rows created more than `olderThanMs` ago; returns how many. */
export async function pruneLiveEvents(olderThanMs = LIVE_EVENT_RETENTION_MS, now = Date.now()) {
  return write((tx) => tx.delete(schema.liveEvent).where(lt(schema.liveEvent.createdAt, now - olderThanMs)).run().changes);
}
