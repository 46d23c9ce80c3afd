// The meeting page's actions, one per intent: start (予定 → 開催中), close (開催中 → 確認中),
// a town's confirmation of the minutes, and a request for a correction instead. Each calls its
// model and maps the Result: a refusal through answer(), a success to its flash message.
import { json } from "@remix-run/node";
import { z } from "zod";
import type { Result } from "~/domain/result";
import type { MessageKey } from "~/i18n";
import { closeMeeting, confirmMinutes, CORRECTION_MAX, requestCorrection, startMeeting } from "~/models/meeting-lifecycle.server";
import type { MeetingState } from "~/models/meeting.server";
import type { Actor } from "~/utils/audit.server";
import { answer } from "~/utils/forms.server";
import type { Viewer } from "~/policy/permissions";

export const MeetingIntent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("close") }),
  z.object({ intent: z.literal("confirm") }),
  z.object({
    intent: z.literal("correction"),
    text: z.preprocess(
      (v) => (typeof v === "string" ? v.trim() : ""),
      z.string().min(1, "meetings.correction.required").max(CORRECTION_MAX, "meetings.correction.tooLong"),
    ),
  }),
]);
type MeetingIntent = z.infer<typeof MeetingIntent>;
type IntentName = MeetingIntent["intent"];
type Args<I extends IntentName> = { viewer: Viewer; actor: Actor; meetingId: number; data: Extract<MeetingIntent, { intent: I }> };

/** A step's outcome: the refusal answered (403/409 with the form error; 404 thrown), or the flash. */
function reply(result: Result<{ state: MeetingState }>, message: (state: MeetingState) => MessageKey) {
  if (!result.ok) return answer(result);
  return json({ ok: true as const, message: message(result.state) });
}

export const meetingIntents: { [I in IntentName]: (args: Args<I>) => Promise<Response> } = {
  start: async ({ data: _data, ...args }) => reply(await startMeeting(args), () => "meetings.started"),
  close: async ({ data: _data, ...args }) => reply(await closeMeeting(args), (state) => (state === "確定" ? "meetings.lockedFlash" : "meetings.closed")),
  confirm: async ({ data: _data, ...args }) => reply(await confirmMinutes(args), (state) => (state === "確定" ? "meetings.lockedFlash" : "meetings.confirmedFlash")),
  correction: async ({ data, ...args }) => reply(await requestCorrection({ ...args, text: data.text }), () => "meetings.correction.sent"),
};

/** Runs the action of the submitted intent. */
export function dispatchMeetingIntent(args: Omit<Args<IntentName>, "data"> & { data: MeetingIntent }) {
  const run = meetingIntents[args.data.intent] as (a: typeof args) => Promise<Response>;
  return run(args);
}
