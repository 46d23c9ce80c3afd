// The inbox and the bell: a person's notifications, only those about items they may still
// see (checked again at every read), and marking them read. A change pings the person's live
// channel so an open bell updates.
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { publishLiveEvent } from "~/jobs/live-events.server";
import { db, schema, write, type Executor } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { filterVisible } from "~/policy/visibility.server";

const { notification } = schema;

export const userChannel = (userId: number) => `user:${userId}`;

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
  const rows = db
    .select(inboxColumns)
    .from(notification)
    .leftJoin(schema.user, eq(schema.user.id, notification.actorId))
    .where(and(eq(notification.userId, viewer.userId), filter === "unread" ? isNull(notification.readAt) : undefined))
    .orderBy(desc(notification.createdAt), desc(notification.id))
    .limit(limit * 2)
    .all();
  return (await filterVisible(db, viewer, rows)).slice(0, limit);
}

const UNREAD_SCAN = 500;

/** The bell: unread notifications about items the viewer may still see. */
export async function unreadCount(viewer: Viewer, ex: Executor = db) {
  const rows = ex
    .select({ id: notification.id, entityType: notification.entityType, entityId: notification.entityId, audience: notification.audience })
    .from(notification)
    .where(and(eq(notification.userId, viewer.userId), isNull(notification.readAt)))
    .orderBy(desc(notification.id))
    .limit(UNREAD_SCAN)
    .all();
  return (await filterVisible(ex, viewer, rows)).length;
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
