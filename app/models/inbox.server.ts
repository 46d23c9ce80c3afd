// The inbox and the bell: a person's notifications, only those about items they may still
// see (checked again at every read), and marking them read. A change pings the person's live
// channel so an open bell updates.
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { publishLiveEvent } from "~/jobs/live-events.server";
import { db, schema, write, type Executor } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { pointsAtVisible } from "~/policy/visibility.server";

const { notification } = schema;

export const userChannel = (userId: number) => `user:${userId}`;

const visibleTo = (viewer: Viewer) => pointsAtVisible(viewer, notification);

const inboxColumns = {
  id: notification.id,
  kind: notification.kind,
  entityType: notification.entityType,
  entityId: notification.entityId,
  title: notification.title,
  url: notification.url,
  reason: notification.reason,
  audience: notification.audience,
  createdAt: notification.createdAt,
  readAt: notification.readAt,
  actorName: schema.user.displayName,
};

/** The viewer's notifications, newest first, only those about items they may still see. */
export async function listNotifications({ viewer, filter = "all", limit = 100 }: { viewer: Viewer; filter?: "all" | "unread"; limit?: number }) {
  return db
    .select(inboxColumns)
    .from(notification)
    .leftJoin(schema.user, eq(schema.user.id, notification.actorId))
    .where(and(eq(notification.userId, viewer.userId), filter === "unread" ? isNull(notification.readAt) : undefined, visibleTo(viewer)))
    .orderBy(desc(notification.createdAt), desc(notification.id))
    .limit(limit)
    .all();
}

/** The bell counts up to this many (it shows 99+ beyond 99). */
const UNREAD_COUNT_LIMIT = 100;

/** The bell: unread notifications about items the viewer may still see. */
export async function unreadCount(viewer: Viewer, ex: Executor = db) {
  return unreadStatement(viewer, ex).get()?.n ?? 0;
}

/** The bell's statement (its plan is tested): the person's unread rows by index, each item by its key. */
export function unreadStatement(viewer: Viewer, ex: Executor = db) {
  const unread = ex
    .select({ one: sql`1` })
    .from(notification)
    .where(and(eq(notification.userId, viewer.userId), isNull(notification.readAt), visibleTo(viewer)))
    .limit(UNREAD_COUNT_LIMIT)
    .as("unread");
  return ex.select({ n: sql<number>`count(*)` }).from(unread);
}

/** Marks the viewer's own notifications read (others' ids change nothing); returns how many. */
export async function markRead({ viewer, ids, now = Date.now() }: { viewer: Viewer; ids: number[] | "all"; now?: number }) {
  return write(async (tx) => {
    const own = and(eq(notification.userId, viewer.userId), isNull(notification.readAt), ids === "all" ? undefined : inArray(notification.id, ids.length ? ids : [0]));
    const changed = tx.update(notification).set({ readAt: now }).where(own).run().changes;
    if (changed) await ping(tx, viewer.userId, "read");
    return changed;
  });
}

export async function ping(tx: Executor, userId: number, kind: string) {
  await publishLiveEvent(tx, { channel: userChannel(userId), kind });
}
