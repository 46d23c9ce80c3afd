// The decision page's action, one entry per form intent: each parses its own fields, calls one
// model function and maps a refusal with answer(). route.tsx guards and reads the body first.
import { json } from "@remix-run/node";
import { z } from "zod";
import type { Result } from "~/domain/result";
import type { MessageKey } from "~/i18n";
import { checkFiles } from "~/models/attachment.server";
import { parseCommentForm } from "~/models/comment.server";
import {
  addDecisionComment,
  linkIssue,
  parseStanceForm,
  recordStance,
  setReviewDate,
  startConsultation,
  unlinkIssue,
  withdrawDecision,
} from "~/models/decision.server";
import type { Viewer } from "~/policy/permissions";
import type { Actor } from "~/utils/audit.server";
import { answer, badRequest, dateText, uploadStatus } from "~/utils/forms.server";
import { filesOf } from "~/utils/request-body.server";

type IntentArgs = { viewer: Viewer; actor: Actor; id: number; form: FormData };

const IssueNumber = z.object({ number: z.preprocess((v) => String(v ?? "").normalize("NFKC").replace(/^[#＃]/, ""), z.coerce.number().int().positive()) });

/** Done: the page reloads with a confirmation. */
function saved(result: Result, message: MessageKey = "decisions.saved", extra: Record<string, unknown> = {}) {
  if (!result.ok) return answer(result, extra);
  return json({ ok: true as const, errors: {}, message });
}

/** Link or unlink an issue: its number, and which list the form belongs to (for the error). */
async function issueLink({ viewer, actor, id, form }: IntentArgs, intent: "link" | "unlink") {
  const relation = form.get("relation") === "related" ? "related" : "follow_up";
  const parsed = IssueNumber.safeParse(Object.fromEntries(form));
  if (!parsed.success) return badRequest({ number: "decisions.issuesInvalid" }, { relation });
  const { number } = parsed.data;
  const result = intent === "link" ? await linkIssue({ viewer, actor, id, number, relation }) : await unlinkIssue({ viewer, actor, id, number });
  return saved(result, "decisions.saved", { relation });
}

export const intents: Record<string, (args: IntentArgs) => Promise<Response>> = {
  async stance({ viewer, actor, id, form }) {
    const { data, errors } = parseStanceForm(form);
    if (!data) return badRequest(errors, { stanceFor: Number(form.get("organizationId")) || null });
    const checked = await checkFiles(filesOf(form, "document"));
    if (!checked.ok) return badRequest({ document: checked.error }, { stanceFor: data.organizationId }, uploadStatus(checked.error));
    const recorded = await recordStance({ viewer, actor, id, input: data, file: checked.files[0] });
    return saved(recorded, recorded.ok && recorded.decided ? "decisions.nowDecided" : "decisions.stanceSaved");
  },
  async comment({ viewer, actor, id, form }) {
    const { data, errors } = parseCommentForm(form);
    if (!data) return badRequest(errors);
    return saved(await addDecisionComment({ viewer, actor, id, body: data.body, internal: data.internal }));
  },
  consult: async ({ viewer, actor, id }) => saved(await startConsultation({ viewer, actor, id })),
  withdraw: async ({ viewer, actor, id, form }) => saved(await withdrawDecision({ viewer, actor, id, reason: String(form.get("reason") ?? "") })),
  async review({ viewer, actor, id, form }) {
    // 和暦 or 2026/11/22 as typed; what cannot be read goes on for the model to refuse.
    const typed = dateText("decisions.dateInvalid").safeParse(form.get("reviewOn"));
    return saved(await setReviewDate({ viewer, actor, id, reviewOn: typed.success ? typed.data : String(form.get("reviewOn")) }));
  },
  link: (args) => issueLink(args, "link"),
  unlink: (args) => issueLink(args, "unlink"),
};

/** Runs the form's intent; an unknown one is a bad request. */
export function dispatch(args: IntentArgs) {
  const intent = String(args.form.get("intent") ?? "");
  if (!Object.hasOwn(intents, intent)) return badRequest({ form: "error.badRequest.body" });
  return intents[intent](args);
}
