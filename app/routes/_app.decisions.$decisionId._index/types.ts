// What the decision page's loader hands its parts (a type-only module, so the parts need not
// import the route and no import circle forms).
import type { SerializeFrom } from "@remix-run/node";
import type { FieldErrors } from "~/domain/result";
import type { MessageKey } from "~/i18n";
import type { DecisionDetail, decisionComments } from "~/models/decision.server";

export type DecisionView = SerializeFrom<
  DecisionDetail & { html: { body: string; rationale: string; options: string }; progress: { done: number; total: number } }
>;
export type CommentView = SerializeFrom<Awaited<ReturnType<typeof decisionComments>>[number] & { html: string }>;
export type ActionData = { ok: boolean; errors: FieldErrors; message?: MessageKey; stanceFor?: number | null; relation?: string };
