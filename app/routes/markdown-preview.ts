import { json, type ActionFunctionArgs } from "@remix-run/node";
import { renderMarkdown } from "~/utils/markdown.server";
import { readForm } from "~/utils/request-body.server";
import { notFound, requireAuth } from "~/policy/guard.server";

/** The preview tab of the markdown editor: the same server rendering and sanitizing as saved text. */
export async function action({ request, context }: ActionFunctionArgs) {
  requireAuth(request, context);
  const body = String((await readForm(request)).get("body") ?? "").slice(0, 20_000);
  return json({ html: renderMarkdown(body) });
}

export async function loader() {
  notFound();
}
