// /admin/import/people/template.csv: the sample file of the people import — a title line on
// how to fill it in, the header, and one 「（記入例）」 row with the consortium's own names.
// Always in Japanese: the import reads Japanese headers.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { PEOPLE_COLUMNS } from "~/domain/people-import";
import { translate, type MessageKey } from "~/i18n";
import { DEFAULT_RANK, peopleTemplateCsv } from "~/import/people.server";
import { importExamples } from "~/models/people-import.server";
import { requireAuth, requirePermission } from "~/policy/guard.server";
import { answer } from "~/utils/forms.server";
import { csvHeaders } from "~/utils/csv";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "people.import", { organizationId: viewer.organizationId });
  const examples = await importExamples({ viewer });
  if (!examples.ok) throw answer(examples);
  const ja = (key: MessageKey) => translate("ja", key);
  const example = {
    name: ja("people.template.name"),
    kana: ja("people.template.kana"),
    email: ja("people.template.email"),
    organization: examples.organization,
    department: ja("people.template.department"),
    rank: DEFAULT_RANK,
    wgs: examples.wg,
    roles: examples.wg ? translate("ja", "wgRole.member") : "",
  };
  const csv = peopleTemplateCsv({
    title: ja("people.template.title"),
    headers: PEOPLE_COLUMNS.map((c) => ja(`people.column.${c}`)),
    example: PEOPLE_COLUMNS.map((c) => example[c]),
  });
  return new Response(csv, { headers: csvHeaders(ja("people.template.fileName")) });
}
