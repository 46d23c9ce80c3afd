// Housekeeping for the live change feed (live_event, ADR 009): streams resume from an id a
// few seconds old (Last-Event-ID, ?since=), so rows older than a day only take up space.
import { lt } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";

export const LIVE_EVENT_RETENTION_MS = 24 * 3600_000;

/** Deletes live_event rows created more than `olderThanMs` ago; returns how many. */
export function pruneLiveEvents(olderThanMs = LIVE_EVENT_RETENTION_MS, now = Date.now()) {
  return db.delete(schema.liveEvent).where(lt(schema.liveEvent.createdAt, now - olderThanMs)).run().changes;
}
