// Japanese full-text search over issues and their comments (SQLite FTS5, trigram tokenizer).
// Trigrams need three characters; shorter queries fall back to LIKE on titles. Results come
// newest first: FTS5 walks its index in rowid order and stops at the limit, where ranking
// by relevance would score every match (38 ms instead of 1 ms for a common word in 500,000
// comments).
import { sql } from "drizzle-orm";
import { db } from "~/utils/db.server";
import { can, type Viewer } from "~/policy/permissions";
import { visibleComments, visibleIssues } from "~/policy/visibility.server";

/** A query as one FTS5 phrase: operators, quotes and control characters are just text. */
export function ftsPhrase(q: string) {
  return `"${cleanQuery(q).replace(/"/g, '""')}"`;
}

/** What a search box sends, without control characters (a NUL would break FTS5). */
export function cleanQuery(q: string) {
  return q.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, 100);
}

const HIT_START = "\u0001";
const HIT_END = "\u0002";

/** A snippet as segments, so the page renders highlights without any HTML from the data. */
export type Snippet = { text: string; hit: boolean }[];

export function toSegments(snippet: string): Snippet {
  const segments: Snippet = [];
  for (const part of snippet.split(HIT_START)) {
    const end = part.indexOf(HIT_END);
    if (end === -1) {
      if (part) segments.push({ text: part, hit: false });
      continue;
    }
    segments.push({ text: part.slice(0, end), hit: true });
    if (part.slice(end + 1)) segments.push({ text: part.slice(end + 1), hit: false });
  }
  return segments;
}

/** Marks every occurrence of q in a short text (the LIKE fallback has no snippet()). */
function highlight(text: string, q: string): Snippet {
  const segments: Snippet = [];
  let rest = text;
  for (let i = rest.indexOf(q); q && i !== -1; i = rest.indexOf(q)) {
    if (i > 0) segments.push({ text: rest.slice(0, i), hit: false });
    segments.push({ text: q, hit: true });
    rest = rest.slice(i + q.length);
  }
  if (rest) segments.push({ text: rest, hit: false });
  return segments;
}

export type SearchHit = {
  kind: "issue" | "comment";
  number: number;
  title: string;
  status: string;
  wgName: string;
  commentId: number | null;
  snippet: Snippet;
};

export const SEARCH_LIMIT = 50;

export async function search({ viewer, q }: { viewer: Viewer; q: string }): Promise<SearchHit[]> {
  const query = cleanQuery(q);
  if (!query || !can(viewer, "search.consortium")) return [];
  const visible = visibleIssues(viewer);
  const byNumber = await numberHit(viewer, query);
  if ([...query].length < 3) {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = db.all<{ number: number; title: string; status: string; wgName: string }>(sql`
      SELECT issue.number AS number, issue.title AS title, issue.status AS status, working_group.name AS wgName
      FROM issue JOIN working_group ON working_group.id = issue.wg_id
      WHERE ${visible} AND issue.title LIKE ${pattern} ESCAPE '\\'
      ORDER BY issue.number DESC LIMIT ${SEARCH_LIMIT}`);
    return [...byNumber, ...rows.map((r) => ({ kind: "issue" as const, commentId: null, ...r, snippet: highlight(r.title, query) }))];
  }
  const phrase = ftsPhrase(query);
  const issues = db.all<{ number: number; title: string; status: string; wgName: string; snippet: string }>(sql`
    SELECT issue.number AS number, issue.title AS title, issue.status AS status, working_group.name AS wgName,
           snippet(issue_fts, -1, ${HIT_START}, ${HIT_END}, '…', 24) AS snippet
    FROM issue_fts
    JOIN issue ON issue.id = issue_fts.rowid
    JOIN working_group ON working_group.id = issue.wg_id
    WHERE issue_fts MATCH ${phrase} AND ${visible}
    ORDER BY issue_fts.rowid DESC LIMIT ${SEARCH_LIMIT}`);
  // Deleted comments are never searched, internal memos only by those who may read them.
  const readable = visibleComments(viewer);
  const comments = db.all<{ number: number; title: string; status: string; wgName: string; commentId: number; snippet: string }>(sql`
    SELECT issue.number AS number, issue.title AS title, issue.status AS status, working_group.name AS wgName,
           comment.id AS commentId, snippet(comment_fts, 0, ${HIT_START}, ${HIT_END}, '…', 24) AS snippet
    FROM comment_fts
    JOIN comment ON comment.id = comment_fts.rowid
    JOIN issue ON issue.id = comment.issue_id
    JOIN working_group ON working_group.id = issue.wg_id
    WHERE comment_fts MATCH ${phrase} AND ${readable} AND ${visible}
    ORDER BY comment_fts.rowid DESC LIMIT ${SEARCH_LIMIT}`);
  return [
    ...byNumber,
    ...issues.map((r) => ({ kind: "issue" as const, commentId: null, ...r, snippet: toSegments(r.snippet) })),
    ...comments.map((r) => ({ kind: "comment" as const, ...r, snippet: toSegments(r.snippet) })),
  ];
}

/** 「#12」 or 「12」 finds issue #12 itself, when the viewer may see it. */
async function numberHit(viewer: Viewer, query: string): Promise<SearchHit[]> {
  const match = /^#?(\d{1,9})$/.exec(query);
  if (!match) return [];
  const row = db.get<{ number: number; title: string; status: string; wgName: string } | undefined>(sql`
    SELECT issue.number AS number, issue.title AS title, issue.status AS status, working_group.name AS wgName
    FROM issue JOIN working_group ON working_group.id = issue.wg_id
    WHERE ${visibleIssues(viewer)} AND issue.number = ${Number(match[1])}`);
  return row ? [{ kind: "issue", commentId: null, ...row, snippet: [{ text: row.title, hit: false }] }] : [];
}
