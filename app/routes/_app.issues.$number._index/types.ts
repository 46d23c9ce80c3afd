// What the issue page's loader and action hand its parts (type-only, so the parts need not import
// the route and no import circle forms).
import type { SerializeFrom } from "@remix-run/node";
import type { FieldErrors } from "~/domain/result";
import type { attachmentsOfIssue } from "~/models/attachment.server";
import type { mentionCandidates } from "~/models/comment.server";

export type Files = SerializeFrom<Awaited<ReturnType<typeof attachmentsOfIssue>>>;
export type Mentions = SerializeFrom<Awaited<ReturnType<typeof mentionCandidates>>>;
export type ActionData = { ok: true; errors: FieldErrors } | { ok: false; errors: FieldErrors; values?: { body?: string; reason?: string } };
