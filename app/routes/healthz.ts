import { json } from "@remix-run/node";
import { databaseAnswers } from "~/models/health.server";

/** For load balancers and monitoring: answers only when the database answers. */
export async function loader() {
  return await databaseAnswers() ? json({ ok: true }, { headers: { "Cache-Control": "no-store" } }) : json({ ok: false }, { status: 503 });
}
