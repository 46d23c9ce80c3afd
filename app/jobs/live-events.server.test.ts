// pruneLiveEvents: the hourly housekeeping keeps a day of the live change feed.
import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, schema, write } from "~/utils/db.server";
import { LIVE_EVENT_RETENTION_MS, pruneLiveEvents } from "./live-events.server";

const HOUR = 3600_000;
const rows = () => db.select({ channel: schema.liveEvent.channel, createdAt: schema.liveEvent.createdAt }).from(schema.liveEvent).orderBy(asc(schema.liveEvent.id)).all();

describe("pruneLiveEvents", () => {
  it("deletes rows older than a day by default and keeps the newer ones, on every channel", async () => {
    const now = Date.now();
    const ages = [72 * HOUR, 25 * HOUR, 24 * HOUR + 1000, 23 * HOUR, HOUR, 0];
    await write((tx) =>
      tx
        .insert(schema.liveEvent)
      .values(ages.map((age, i) => ({ channel: `meeting:${(i % 2) + 1}`, kind: "note.added", payload: JSON.stringify({ noteId: i + 1, version: 1 }), createdAt: now - age })))
        .run(),
    );
    expect(LIVE_EVENT_RETENTION_MS).toBe(24 * HOUR);

    expect(await pruneLiveEvents()).toBe(3);
    expect(rows().map((r) => now - r.createdAt)).toEqual([23 * HOUR, HOUR, 0]);
    // Nothing left to prune: running it again (next hour's housekeeping) deletes nothing.
    expect(await pruneLiveEvents()).toBe(0);
  });

  it("takes another retention period, and keeps a row exactly at the cut-off", async () => {
    const now = Date.now();
    await write((tx) => tx.delete(schema.liveEvent).run());
    await write((tx) =>
      tx
        .insert(schema.liveEvent)
      .values([
        { channel: "meeting:1", kind: "note.moved", createdAt: now - 2 * HOUR },
        { channel: "meeting:1", kind: "note.moved", createdAt: now - HOUR },
        { channel: "meeting:1", kind: "note.moved", createdAt: now - 10_000 },
      ])
        .run(),
    );
    expect(await pruneLiveEvents(HOUR, now)).toBe(1);
    expect(rows().map((r) => now - r.createdAt)).toEqual([HOUR, 10_000]);
    expect(await pruneLiveEvents(0, now + 1)).toBe(2);
    expect(rows()).toEqual([]);
  });
});
