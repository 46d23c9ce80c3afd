// Whether this process can still reach its database (for /healthz).
import { readConnection } from "~/utils/db.server";

export async function databaseAnswers() {
  try {
    readConnection.prepare("SELECT 1").get();
    return true;
  } catch {
    return false;
  }
}
