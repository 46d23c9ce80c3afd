// The import page's action, one entry per form intent. route.tsx guards and reads the body first.
import { json, redirect } from "@remix-run/node";
import { invalid } from "~/domain/result";
import { parseMappingForm, saveMapping, startImport } from "~/models/issue-import.server";
import type { Viewer } from "~/policy/permissions";
import type { Actor } from "~/utils/audit.server";
import { answer } from "~/utils/forms.server";

type IntentArgs = { viewer: Viewer; actor: Actor; importId: number; form: FormData };

/** 「内容を確認する」 (on to the preview) or 「選んだ列で値の一覧を更新」 (stay, with the new values listed). */
async function map({ viewer, actor, importId, form }: IntentArgs, next: "preview" | "map") {
  const { data, errors } = parseMappingForm(form);
  if (!data) return answer(invalid(errors), { intent: "map" });
  const result = await saveMapping({ viewer, actor, importId, input: data });
  if (!result.ok) return answer(result, { intent: "map" });
  return redirect(`/admin/import/issues/${importId}?step=${next}`);
}

/** 「N件を取り込む」: checked once more, then written in the background; the page shows its progress. */
async function run({ viewer, actor, importId }: IntentArgs) {
  const result = await startImport({ viewer, actor, importId });
  if (!result.ok) return answer(result, { intent: "run" });
  // The import goes on after this answer; its outcome is in the database (and the audit).
  void result.finished;
  return redirect(`/admin/import/issues/${importId}`);
}

export async function importIntent(intent: string, args: IntentArgs) {
  switch (intent) {
    case "map":
      return map(args, "preview");
    case "refresh":
      return map(args, "map");
    case "run":
      return run(args);
    default:
      return json({ ok: false as const, intent, errors: { form: "error.badRequest.body" as const } }, { status: 400 });
  }
}
