import { json } from "@remix-run/node";
import { sqlite } from "~/utils/db.server";

/** For load balancers and monitoring: answers only when the database answers. */
export async function loader() {
  try {
    sqlite.prepare("SELECT 1").get();
    return json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return json({ ok: false }, { status: 503 });
  }
}
