// Whether this process can still reach its database (for /healthz).
import { sqlite } from "~/utils/db.server";

export function databaseAnswers() {
  try {
    sqlite.prepare("SELECT 1").get();
    return true;
  } catch {
    return false;
  }
}
