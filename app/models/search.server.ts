// Japanese full-text search over issues and their comments (SQLite FTS5, trigram tokenizer).
// Trigrams need three characters; shorter queries fall back to LIKE on titles. Results come
// newest first: FTS5 walks its index in rowid order and stops at the limit, where ranking
// by relevance would score every match (38 ms instead of 1 ms for a common word in 500,000
// comments).
import { sql, type SQL } from "drizzle-orm";
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

type Row = { number: number; title: string; status: string; wgName: string };
type MatchRow = Row & { snippet: string };

// The statements of a search. Left joins keep the issue (or the search index) the outer
// loop, so each walks its index newest first and stops at the limit.
const numberLookup = (visible: SQL, n: number) => sql`
  SELECT issue.number AS number, issue.title AS title, issue.status AS status, working_group.name AS wgName
  FROM issue LEFT JOIN working_group ON working_group.id = issue.wg_id
  WHERE ${visible} AND issue.number = ${n}`;
const titleLike = (visible: SQL, query: string) => sql`
  SELECT issue.number AS number, issue.title AS title, issue.status AS status, working_group.name AS wgName
  FROM issue LEFT JOIN working_group ON working_group.id = issue.wg_id
  WHERE ${visible} AND issue.title LIKE ${`%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} ESCAPE '\\'
  ORDER BY issue.number DESC LIMIT ${SEARCH_LIMIT}`;
const issueMatches = (visible: SQL, phrase: string) => sql`
  SELECT issue.number AS number, issue.title AS title, issue.status AS status, working_group.name AS wgName,
         snippet(issue_fts, -1, ${HIT_START}, ${HIT_END}, '…', 24) AS snippet
  FROM issue_fts
  JOIN issue ON issue.id = issue_fts.rowid
  LEFT JOIN working_group ON working_group.id = issue.wg_id
  WHERE issue_fts MATCH ${phrase} AND ${visible}
  ORDER BY issue_fts.rowid DESC LIMIT ${SEARCH_LIMIT}`;
// Deleted comments are never searched, internal memos only by those who may read them.
const commentMatches = (visible: SQL, readable: SQL, phrase: string) => sql`
  SELECT issue.number AS number, issue.title AS title, issue.status AS status, working_group.name AS wgName,
         comment.id AS commentId, snippet(comment_fts, 0, ${HIT_START}, ${HIT_END}, '…', 24) AS snippet
  FROM comment_fts
  JOIN comment ON comment.id = comment_fts.rowid
  JOIN issue ON issue.id = comment.issue_id
  LEFT JOIN working_group ON working_group.id = issue.wg_id
  WHERE comment_fts MATCH ${phrase} AND ${readable} AND ${visible}
  ORDER BY comment_fts.rowid DESC LIMIT ${SEARCH_LIMIT}`;

/** 「#12」 or 「12」: the issue of that number. */
const numberOf = (query: string) => {
  const match = /^#?(\d{1,9})$/.exec(query);
  return match ? Number(match[1]) : null;
};
const isShort = (query: string) => [...query].length < 3;

/** Every statement a search for `q` runs, in order (the query-plan test reads them). */
export function searchStatements(viewer: Viewer, q: string): SQL[] {
  const query = cleanQuery(q);
  const visible = visibleIssues(viewer);
  const n = numberOf(query);
  const phrase = ftsPhrase(query);
  return [
    ...(n !== null ? [numberLookup(visible, n)] : []),
    ...(isShort(query) ? [titleLike(visible, query)] : [issueMatches(visible, phrase), commentMatches(visible, visibleComments(viewer), phrase)]),
  ];
}

export async function search({ viewer, q }: { viewer: Viewer; q: string }): Promise<SearchHit[]> {
  const query = cleanQuery(q);
  if (!query || !can(viewer, "search.consortium")) return [];
  const visible = visibleIssues(viewer);
  const n = numberOf(query);
  // 「#12」 or 「12」 finds issue #12 itself, when the viewer may see it.
  const byNumber: SearchHit[] = n === null ? [] : db.all<Row>(numberLookup(visible, n)).map((row) => ({ kind: "issue", commentId: null, ...row, snippet: [{ text: row.title, hit: false }] }));
  if (isShort(query)) {
    const rows = db.all<Row>(titleLike(visible, query));
    return [...byNumber, ...rows.map((r) => ({ kind: "issue" as const, commentId: null, ...r, snippet: highlight(r.title, query) }))];
  }
  const phrase = ftsPhrase(query);
  const issues = db.all<MatchRow>(issueMatches(visible, phrase));
  const comments = db.all<MatchRow & { commentId: number }>(commentMatches(visible, visibleComments(viewer), phrase));
  return [
    ...byNumber,
    ...issues.map((r) => ({ kind: "issue" as const, commentId: null, ...r, snippet: toSegments(r.snippet) })),
    ...comments.map((r) => ({ kind: "comment" as const, ...r, snippet: toSegments(r.snippet) })),
  ];
}
