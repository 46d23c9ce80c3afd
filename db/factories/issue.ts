// Issues (課題) and the comments on any discussable thing (issue, decision, meeting).
import { eq, sql } from "drizzle-orm";
import * as schema from "../schema/index";
import { FACTORY_NOW, type Handle, type Insert, insertRow } from "./define";

type Issue = Insert<typeof schema.issue>;
type Comment = Insert<typeof schema.comment>;

export function issueRow(overrides: Partial<Issue> & Pick<Issue, "consortiumId" | "wgId" | "number" | "createdBy">): Issue {
  return { title: `テスト用の課題 #${overrides.number}`, createdAt: FACTORY_NOW, updatedAt: overrides.createdAt ?? FACTORY_NOW, ...overrides };
}
/** An issue, numbered next in its consortium unless `number` is given, with its affected towns. */
export function insertIssue(
  tx: Handle,
  { organizationIds = [], ...overrides }: Partial<Issue> & Pick<Issue, "consortiumId" | "wgId" | "createdBy"> & { organizationIds?: number[] },
) {
  const number =
    overrides.number ??
    tx.select({ n: sql<number>`coalesce(max(${schema.issue.number}), 0) + 1` }).from(schema.issue).where(eq(schema.issue.consortiumId, overrides.consortiumId)).get()!.n;
  const row = insertRow(tx, schema.issue, issueRow({ ...overrides, number }));
  for (const organizationId of organizationIds) insertRow(tx, schema.issueOrganization, { issueId: row.id, organizationId });
  return row;
}

/** A comment; give exactly one of issueId, decisionId, meetingId. */
export function commentRow(overrides: Partial<Comment> & Pick<Comment, "consortiumId" | "authorId">): Comment {
  return { body: "テスト用のコメント", createdAt: FACTORY_NOW, updatedAt: overrides.createdAt ?? FACTORY_NOW, ...overrides };
}
export const insertComment = (tx: Handle, overrides: Partial<Comment> & Pick<Comment, "consortiumId" | "authorId">) =>
  insertRow(tx, schema.comment, commentRow(overrides));
