// Pieces shared by the consortium-structure models (organizations, projects, working groups):
// the PMO-only check and the form fields more than one of their forms reads.
import { sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import type { MessageKey } from "~/i18n";
import type { Executor } from "~/utils/db.server";
import { dateText, requiredDateText, text } from "~/utils/forms.server";
import { refusalOf, type OrganizationKind, type Viewer } from "~/policy/permissions";

/**
 * Routes check this first; the models check it again so no caller can skip it: null when the
 * viewer is the PMO, else the refusal (403, or 404 for a vendor guest, who learns nothing).
 */
export function pmoRefusal(viewer: Viewer) {
  return refusalOf(viewer, "consortium.manage");
}

/**
 * Only what is empty may be deleted: the message of the first kind of record that still refers
 * to the row (each a table and the condition naming the row), or null when nothing does.
 */
export function stillInUse(ex: Executor, uses: [SQLiteTable, SQL | undefined, MessageKey][]): MessageKey | null {
  for (const [table, where, message] of uses) {
    if (ex.select({ one: sql`1` }).from(table).where(where).limit(1).get()) return message;
  }
  return null;
}

/** Kinds that take part in projects as towns (参加団体) and carry a 団体コード. */
export const TOWN_KINDS = ["municipality", "prefecture"] as const satisfies readonly OrganizationKind[];

export function isTownKind(kind: OrganizationKind) {
  return (TOWN_KINDS as readonly OrganizationKind[]).includes(kind);
}

/** A positive id from a form field; anything else gets the given message. */
export const formId = (message: MessageKey) =>
  z.coerce.number({ invalid_type_error: message }).int(message).positive(message);

/** Digits as typed with an IME: full-width digits and thousands separators are accepted. */
export function digits(value: unknown) {
  return typeof value === "string" ? value.normalize("NFKC").replace(/[,，\s]/g, "") : "";
}

export const optionalDate = dateText("structure.dateInvalid");

export const requiredDate = (required: MessageKey) => requiredDateText(required, "structure.dateInvalid");

/** What a working group is given by the PMO: on the project page (add) and its own page (save). */
export const wgFields = {
  name: text(100, { required: "structure.wgs.nameRequired", tooLong: "structure.wgs.nameTooLong" }),
  description: text(1000, { tooLong: "structure.wgs.descriptionTooLong" }),
};
export type WorkingGroupInput = z.infer<z.ZodObject<typeof wgFields>>;
