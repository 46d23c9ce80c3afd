// Watching (ウォッチ): who follows an issue, a meeting or a decision. Authors and assignees
// watch without a row; a manual unwatch is kept. The delivery notifies the watchers.
import { and, eq } from "drizzle-orm";
import { db, schema, write, type Executor } from "~/utils/db.server";
import { isGuest, type Viewer } from "~/policy/permissions";
import { visibleIdsOf } from "~/policy/visibility.server";

const { watcher } = schema;
export type WatchedType = (typeof schema.WATCHED_TYPES)[number];

/** Automatic watching: adds the row unless one exists (a manual unwatch is kept). */
export async function autoWatch(tx: Executor, userIds: (number | null | undefined)[], entityType: WatchedType, entityId: number, reason: string) {
  const ids = [...new Set(userIds.filter((u): u is number => typeof u === "number"))];
  if (!ids.length) return;
  tx.insert(watcher).values(ids.map((userId) => ({ userId, entityType, entityId, reason }))).onConflictDoNothing().run();
}

/** Manual watch / unwatch (the button). Returns false when the viewer may not see the item. */
export async function setWatching({ viewer, entityType, entityId, watching }: { viewer: Viewer; entityType: WatchedType; entityId: number; watching: boolean }) {
  return write(async (tx) => {
    if (!(await visibleIdsOf(tx, viewer, entityType, [entityId])).has(entityId)) return false;
    tx.insert(watcher)
      .values({ userId: viewer.userId, entityType, entityId, watching, reason: "manual" })
      .onConflictDoUpdate({ target: [watcher.userId, watcher.entityType, watcher.entityId], set: { watching, reason: "manual" } })
      .run();
    return true;
  });
}

/** Authors and assignees watch without a row (so items created before watching existed count too). */
async function implicitWatchers(ex: Executor, entityType: WatchedType, entityId: number): Promise<number[]> {
  if (entityType === "issue") {
    const i = ex.select({ a: schema.issue.createdBy, b: schema.issue.assigneeId }).from(schema.issue).where(eq(schema.issue.id, entityId)).get();
    return i ? [i.a, i.b].filter((u): u is number => typeof u === "number") : [];
  }
  if (entityType === "meeting") {
    const m = ex.select({ a: schema.meeting.createdBy }).from(schema.meeting).where(eq(schema.meeting.id, entityId)).get();
    return m ? [m.a] : [];
  }
  const d = ex.select({ a: schema.decision.createdBy }).from(schema.decision).where(eq(schema.decision.id, entityId)).get();
  return d ? [d.a] : [];
}

/** Everyone watching: rows saying so, plus the implicit watchers who did not unwatch. */
export async function watchersOf(ex: Executor, entityType: WatchedType, entityId: number): Promise<number[]> {
  const rows = ex.select({ userId: watcher.userId, watching: watcher.watching }).from(watcher).where(and(eq(watcher.entityType, entityType), eq(watcher.entityId, entityId))).all();
  const unwatched = new Set(rows.filter((r) => !r.watching).map((r) => r.userId));
  const ids = new Set(rows.filter((r) => r.watching).map((r) => r.userId));
  for (const u of await implicitWatchers(ex, entityType, entityId)) if (!unwatched.has(u)) ids.add(u);
  return [...ids];
}

export async function isWatching(userId: number, entityType: WatchedType, entityId: number) {
  return (await watchersOf(db, entityType, entityId)).includes(userId);
}

/** For a page: whether the viewer watches the item and how many do (the watch button's props). */
export async function watchState(viewer: Viewer, entityType: WatchedType, entityId: number) {
  const all = await watchersOf(db, entityType, entityId);
  // How many people watch is a consortium-wide number a vendor guest does not get.
  return { entityType, entityId, watching: all.includes(viewer.userId), count: isGuest(viewer) ? null : all.length };
}
