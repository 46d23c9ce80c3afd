// How each person wants to hear about each kind of notification: by mail at once, in the 8:00
// digest, or only in the inbox. Read by the delivery (notification.server.ts) and /account.
import { eq } from "drizzle-orm";
import { z } from "zod";
import { db, schema, write, type Executor } from "~/utils/db.server";
import { parseForm } from "~/utils/forms.server";
import type { Viewer } from "~/policy/permissions";

const { notificationSetting, NOTIFICATION_KINDS, NOTIFICATION_MODES } = schema;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];
export { NOTIFICATION_KINDS, NOTIFICATION_MODES };

/** What a user gets when they never touched their settings: direct requests by mail at once, the rest in the digest. */
export const DEFAULT_MODES: Record<NotificationKind, NotificationMode> = {
  assigned: "immediate",
  mentioned: "immediate",
  comment: "digest",
  ball: "immediate",
  due: "digest",
  stance: "immediate",
  minutes: "immediate",
  report: "digest",
  invitation: "immediate",
  watched: "digest",
};

export async function notificationSettings(userId: number, ex: Executor = db): Promise<Record<NotificationKind, NotificationMode>> {
  const saved = ex.select({ kind: notificationSetting.kind, mode: notificationSetting.mode }).from(notificationSetting).where(eq(notificationSetting.userId, userId)).all();
  const modes = { ...DEFAULT_MODES };
  for (const s of saved) modes[s.kind] = s.mode;
  return modes;
}

const modeField = z.enum(NOTIFICATION_MODES, { errorMap: () => ({ message: "notifications.modeInvalid" }) });
export const notificationSettingsSchema = z.object(Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, modeField])) as Record<NotificationKind, typeof modeField>);

/** The settings form of /account: one select per kind. */
export function parseNotificationSettings(form: FormData) {
  return parseForm(notificationSettingsSchema, form);
}

/** The viewer's own settings, per kind (kinds not given keep theirs). */
export async function saveNotificationSettings({ viewer, modes }: { viewer: Viewer; modes: Partial<Record<NotificationKind, NotificationMode>> }) {
  await write((tx) => {
    for (const kind of NOTIFICATION_KINDS) {
      const mode = modes[kind];
      if (!mode) continue;
      tx.insert(notificationSetting).values({ userId: viewer.userId, kind, mode }).onConflictDoUpdate({ target: [notificationSetting.userId, notificationSetting.kind], set: { mode } }).run();
    }
  });
}
