// What the model tests share: demo users by e-mail, their viewers, and an actor for the audit.
import { eq } from "drizzle-orm";
import { loadViewer } from "~/utils/auth.server";
import type { Actor } from "~/utils/audit.server";
import { db, schema } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import type { IssueInput } from "./issue.server";

export const userId = async (email: string) => db.select().from(schema.user).where(eq(schema.user.email, email)).get()!.id;
export const viewerOf = async (email: string) => (await loadViewer(await userId(email)))!.viewer;
export const actor = (viewer: Viewer): Actor => ({ viewer, ip: "127.0.0.1" });

/** An issue form's input with every field at its default; tests name only what matters. */
export const issueInput = (overrides: Partial<IssueInput> = {}): IssueInput => ({
  title: "テスト用の課題",
  body: "",
  type: "課題",
  status: "未着手",
  priority: "中",
  assigneeId: null,
  ballHolderOrgId: null,
  dueOn: null,
  affectedOrgIds: [],
  labelIds: [],
  vendorVisible: false,
  postponeReason: undefined,
  ...overrides,
});
