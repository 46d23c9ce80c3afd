// The sticky-note board's resource route: GET returns the board as JSON (what the viewer
// may see); POST runs one note action, chosen by `intent`, and answers JSON.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { isMessageKey } from "~/i18n";
import { checkFiles } from "~/models/attachment.server";
import {
  addNote,
  attachNoteToIssue,
  attachSketch,
  boardData,
  deleteNote,
  editNote,
  moveNote,
  noteToDecision,
  noteToIssue,
  NOTE_KINDS,
  NOTE_MAX_LENGTH,
  setCluster,
} from "~/models/sticky-note.server";
import { statusOf, type Refusal } from "~/domain/result";
import { invalid } from "~/domain/result";
import { badRequest, dateText, checkbox, parseForm, text, uploadStatus } from "~/utils/forms.server";
import { filesOf, readUploadForm } from "~/utils/request-body.server";
import { parseId } from "~/utils/params";
import { actorOf, requireAuth } from "~/policy/guard.server";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const board = await boardData({ viewer, meetingId: parseId(params.meetingId) });
  if (!board) return json(null, { status: 404, headers: { "Cache-Control": "no-store" } });
  return json(board, { headers: { "Cache-Control": "no-store" } });
}

const id = z.coerce.number().int().positive().max(2 ** 31);
const noteId = id;
/** An agenda column, or "" for 「その他」. */
const column = z.preprocess((v) => (v === "" || v == null || v === "other" ? null : v), id.nullable());
const noteText = text(NOTE_MAX_LENGTH, { required: "board.textRequired", tooLong: "board.textTooLong" });
const kind = z.enum(NOTE_KINDS, { errorMap: () => ({ message: "board.kindInvalid" }) });
const optionalDate = dateText("issues.dueInvalid");
const optionalId = z.preprocess((v) => (v === "" || v == null ? null : v), id.nullable());

const Intent = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), kind, text: noteText, agendaItemId: column, internal: checkbox }),
  z.object({ intent: z.literal("edit"), noteId, version: id, text: noteText, kind: kind.optional() }),
  z.object({ intent: z.literal("move"), noteId, agendaItemId: column, position: z.coerce.number().finite().optional() }),
  z.object({ intent: z.literal("cluster"), noteId, cluster: text(40, { tooLong: "board.clusterTooLong" }) }),
  z.object({ intent: z.literal("delete"), noteId }),
  z.object({ intent: z.literal("to-issue"), noteId, assigneeId: optionalId, dueOn: optionalDate }),
  z.object({ intent: z.literal("attach-to-issue"), noteId, issueNumber: z.preprocess((v) => (typeof v === "string" ? v.replace(/^#/, "").trim() : v), id) }),
  z.object({ intent: z.literal("to-decision"), noteId }),
  z.object({ intent: z.literal("sketch"), noteId }),
]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  const meetingId = parseId(params.meetingId);
  const { form, tooLarge } = await readUploadForm(request);
  if (tooLarge) return badRequest({ sketch: "upload.tooLarge" }, {}, 413);
  const { data, errors } = parseForm(Intent, form);
  // zod's own messages (a missing intent, a malformed id) become one plain catalog message.
  if (!data) return badRequest(Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, message && isMessageKey(message) ? message : "error.badRequest.body"])));
  const base = { viewer, actor: actorOf(context), meetingId };
  const result = await (async () => {
    switch (data.intent) {
      case "add":
        return addNote({ ...base, input: { kind: data.kind, text: data.text, agendaItemId: data.agendaItemId, internal: data.internal } });
      case "edit":
        return editNote({ ...base, noteId: data.noteId, version: data.version, text: data.text, kind: data.kind });
      case "move":
        return moveNote({ ...base, noteId: data.noteId, agendaItemId: data.agendaItemId, position: data.position });
      case "cluster":
        return setCluster({ ...base, noteId: data.noteId, cluster: data.cluster });
      case "delete":
        return deleteNote({ ...base, noteId: data.noteId });
      case "to-issue":
        return noteToIssue({ ...base, noteId: data.noteId, assigneeId: data.assigneeId, dueOn: data.dueOn });
      case "attach-to-issue":
        return attachNoteToIssue({ ...base, noteId: data.noteId, issueNumber: data.issueNumber });
      case "to-decision":
        return noteToDecision({ ...base, noteId: data.noteId });
      case "sketch": {
        const checked = await checkFiles(filesOf(form, "sketch"));
        if (!checked.ok) {
          const status = uploadStatus(checked.error);
          return invalid({ sketch: checked.error }, status === 400 ? undefined : status);
        }
        return attachSketch({ ...base, noteId: data.noteId, files: checked.files });
      }
    }
  })();
  if (!result.ok) return refusal(result);
  return json(result);
}

/**
 * The board's own adapter from a Refusal to HTTP, instead of answer(): this is a JSON endpoint
 * read by the board's fetcher, so every refusal — a not-found too — is returned as JSON
 * `{ ok: false, errors }` (shown next to the note) rather than thrown as the 404 page. A hidden
 * meeting or note answers the same 404 as one that never existed.
 */
function refusal(result: Refusal) {
  const errors = result.kind === "not-found" ? { form: "board.notFound" as const } : result.errors;
  return json({ ok: false as const, errors }, { status: statusOf(result) });
}
