// The leak test: proof that a vendor guest (and leadership) learns nothing it may not see.
//
// It signs in as the vendor guests and as the executive, enumerates EVERY route file in
// app/routes (routes added later are covered automatically), substitutes every id that
// exists in the seeded database for each URL parameter, requests the URLs and fails when
//  - a hidden item answers anything but what a never-existing id answers (for guests: 404,
//    same body modulo the nonce, same order of magnitude of time);
//  - any body contains text that exists only in hidden items, or links to a hidden item;
//  - a search for words that exist only in hidden items answers differently from a search
//    for a word that exists nowhere.
// What is hidden is computed here straight from the database (an oracle independent of the
// app's own visibility code). A route parameter this file does not know fails the test:
// extend PARAM_KINDS below.
import fs from "node:fs";
import path from "node:path";
import { createSessionFor, expect, openDb, test } from "./fixtures";


type Kind =
  | "issue"
  | "wg"
  | "meeting"
  | "decision"
  | "report"
  | "project"
  | "attachment"
  | "user"
  | "org"
  | "comment"
  | "note"
  | "outbox"
  | "notification"
  | "token"
  | "import"
  | "consortium"
  | "splat";

/** URL parameter name → what it identifies. A name missing here fails the test. */
const PARAM_KINDS: Record<string, Kind> = {
  number: "issue",
  issueNumber: "issue",
  wgId: "wg",
  meetingId: "meeting",
  decisionId: "decision",
  reportId: "report",
  projectId: "project",
  attachmentId: "attachment",
  userId: "user",
  orgId: "org",
  organizationId: "org",
  commentId: "comment",
  noteId: "note",
  messageId: "outbox",
  notificationId: "notification",
  token: "token",
  importId: "import",
  consortiumId: "consortium",
  "*": "splat",
};

/** A value that never exists, per kind. */
const BOGUS: Record<Kind, string> = {
  issue: "987654",
  wg: "987654",
  meeting: "987654",
  decision: "987654",
  report: "987654",
  project: "987654",
  attachment: "987654",
  user: "987654",
  org: "987654",
  comment: "987654",
  note: "987654",
  outbox: "987654",
  notification: "987654",
  token: "leak-test-bogus-token-0000000000000000000000",
  import: "987654",
  consortium: "987654",
  splat: "leak-test-no-such-page",
};

const PERSONAS = {
  vendor: "vendor@vendor-a.demo.renkei.jp",
  vendorB: "vendor@vendor-b.demo.renkei.jp",
  exec: "exec@demo.renkei.jp",
} as const;
type PersonaKey = keyof typeof PERSONAS;

// ---------------------------------------------------------------------------------------
// Routes → URL patterns (Remix flat routes)

type RoutePattern = { file: string; segments: (string | { param: string; suffix: string })[]; hasAction: boolean };

/** Splits a flat-route file name on dots that are not inside [escapes]. */
function splitRouteName(name: string) {
  const parts: string[] = [];
  let cur = "";
  let depth = 0;
  for (const ch of name) {
    if (ch === "[") depth++;
    if (ch === "]") depth--;
    if (ch === "." && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

function routePatterns(): RoutePattern[] {
  const dir = path.resolve("app/routes");
  const out: RoutePattern[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    let base: string;
    let source: string;
    if (entry.isDirectory()) {
      const file = ["route.tsx", "route.ts", "route.jsx", "route.js"].find((f) => fs.existsSync(path.join(dir, entry.name, f)));
      if (!file) continue;
      base = entry.name;
      source = fs.readFileSync(path.join(dir, entry.name, file), "utf8");
    } else {
      if (!/\.(tsx?|jsx?)$/.test(entry.name) || /\.(test|spec)\.(tsx?|jsx?)$/.test(entry.name)) continue;
      base = entry.name.replace(/\.(tsx?|jsx?)$/, "");
      source = fs.readFileSync(path.join(dir, entry.name), "utf8");
    }
    const segments: RoutePattern["segments"] = [];
    for (let seg of splitRouteName(base)) {
      if (seg === "_index" || seg === "route") continue;
      if (seg.startsWith("_") && !seg.startsWith("[")) continue; // pathless layout
      if (seg.endsWith("_") && !seg.endsWith("]")) seg = seg.slice(0, -1); // opt out of nesting
      if (seg.startsWith("(") && seg.endsWith(")")) seg = seg.slice(1, -1); // optional: use it
      const dynamic = /^\$([A-Za-z0-9_]*)(.*)$/.exec(seg);
      if (dynamic) segments.push({ param: dynamic[1] || "*", suffix: dynamic[2].replace(/\[([^\]]*)\]/g, "$1") }); // $id[.]json
      else segments.push(seg.replace(/\[([^\]]*)\]/g, "$1"));
    }
    const hasAction = /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b|export\s*\{[^}]*\baction\b/.test(source);
    out.push({ file: entry.name, segments, hasAction });
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// The oracle: what each persona may and may not see, straight from the database

type Ids = { all: string[]; visible: Set<string>; linkable: Set<string> };
type Oracle = {
  persona: PersonaKey;
  ids: Record<Kind, Ids>;
  /** Fragments of text that appear only in hidden items. */
  hiddenTexts: { text: string; from: string }[];
  /** Words to search for. */
  searchWords: string[];
};

type Row = Record<string, unknown>;

function computeOracle(persona: PersonaKey): Oracle {
  const db = openDb();
  try {
    const rows = (sql: string, ...p: unknown[]) => db.prepare(sql).all(...p) as Row[];
    const me = rows("SELECT u.id, u.organization_id AS org, o.kind, r.role FROM user u JOIN organization o ON o.id = u.organization_id JOIN consortium_role r ON r.user_id = u.id WHERE u.consortium_id = 1 AND u.account_id = (SELECT id FROM account WHERE lower(email) = lower(?))", PERSONAS[persona])[0];
    if (!me) throw new Error(`no user for persona ${persona}`);
    const guest = me.kind === "vendor";
    const guestWgs = new Set(rows("SELECT wg_id FROM wg_membership WHERE user_id = ? AND role = 'guest'", me.id).map((r) => Number(r.wg_id)));

    const issues = rows("SELECT id, consortium_id, number, wg_id, vendor_visible, title, body FROM issue");
    const meetings = rows("SELECT id, consortium_id, wg_id, vendor_visible, title FROM meeting");
    const decisions = rows("SELECT id, consortium_id, wg_id, vendor_visible, status, title, body, rationale, options_considered FROM decision");
    const reports = rows("SELECT id, consortium_id, status, title, narrative, snapshot, highlights, lights FROM progress_report");
    const comments = rows("SELECT id, issue_id, decision_id, meeting_id, internal, deleted_at, body FROM comment");
    const notes = rows("SELECT id, meeting_id, internal, deleted_at, text FROM sticky_note");
    const attachments = rows("SELECT id, issue_id, comment_id, sticky_note_id, decision_id, report_id FROM attachment");
    const wgs = rows("SELECT id, name FROM working_group");
    const orgs = rows("SELECT id, kind, name FROM organization");
    const users = rows("SELECT id, organization_id, display_name FROM user");
    const projects = rows("SELECT id, name FROM project");
    const labels = rows("SELECT name FROM label");
    const stances = rows("SELECT decision_id, comment FROM decision_stance");
    /** Tables other features add later: empty when not (yet) migrated. */
    const maybe = (sql: string, ...p: unknown[]) => {
      try {
        return rows(sql, ...p);
      } catch {
        return [];
      }
    };
    const outbox = maybe("SELECT id FROM email_outbox");
    const notifications = maybe("SELECT id, user_id FROM notification");
    const imports = maybe("SELECT id FROM issue_import");
    const otherConsortia = rows(
      "SELECT id FROM consortium WHERE id <> 1 AND id NOT IN (SELECT consortium_id FROM user WHERE account_id = (SELECT account_id FROM user WHERE id = ?))",
      me.id,
    );

    // The persona works in the demo's first consortium: nothing of the second (where the vendor
    // and a 北川市 person also take part) may show either (ADR 029).
    const here = (row: Row) => Number(row.consortium_id) === 1;
    const issueVisible = (i: Row) => here(i) && (guest ? Number(i.vendor_visible) === 1 && guestWgs.has(Number(i.wg_id)) : false);
    const meetingVisible = (m: Row) => here(m) && (guest ? Number(m.vendor_visible) === 1 && guestWgs.has(Number(m.wg_id)) : false);
    const decisionVisible = (d: Row) =>
      here(d) && (guest ? Number(d.vendor_visible) === 1 && guestWgs.has(Number(d.wg_id)) : ["決定", "改定"].includes(String(d.status)));
    const reportVisible = (r: Row) => here(r) && (guest ? false : r.status === "公開");

    const visIssueIds = new Set(issues.filter(issueVisible).map((i) => Number(i.id)));
    const visMeetingIds = new Set(meetings.filter(meetingVisible).map((m) => Number(m.id)));
    const visDecisionIds = new Set(decisions.filter(decisionVisible).map((d) => Number(d.id)));
    const visReportIds = new Set(reports.filter(reportVisible).map((r) => Number(r.id)));
    const commentVisible = (c: Row) =>
      Number(c.internal) === 0 &&
      c.deleted_at === null &&
      ((c.issue_id !== null && visIssueIds.has(Number(c.issue_id))) ||
        (c.decision_id !== null && visDecisionIds.has(Number(c.decision_id))) ||
        (c.meeting_id !== null && visMeetingIds.has(Number(c.meeting_id))));
    const noteVisible = (n: Row) => Number(n.internal) === 0 && n.deleted_at === null && visMeetingIds.has(Number(n.meeting_id));
    const visCommentIds = new Set(comments.filter(commentVisible).map((c) => Number(c.id)));
    const visNoteIds = new Set(notes.filter(noteVisible).map((n) => Number(n.id)));
    const attachmentVisible = (a: Row) =>
      a.comment_id !== null
        ? visCommentIds.has(Number(a.comment_id))
        : a.sticky_note_id !== null
          ? visNoteIds.has(Number(a.sticky_note_id))
          : a.issue_id !== null
            ? visIssueIds.has(Number(a.issue_id))
            : a.decision_id !== null
              ? visDecisionIds.has(Number(a.decision_id))
              : a.report_id !== null
                ? visReportIds.has(Number(a.report_id))
                : false;

    // Issues related to a visible decision may be named on it for leadership (who reads
    // decisions, not issues). Never for guests: they may see only issues shared with them.
    const mentionedIssueIds = new Set(
      (guest ? [] : rows("SELECT decision_id, issue_id FROM decision_issue"))
        .filter((r) => visDecisionIds.has(Number(r.decision_id)))
        .map((r) => Number(r.issue_id)),
    );

    const mk = (all: (string | number)[], visible: (string | number)[], linkable: (string | number)[] = []): Ids => ({
      all: all.map(String),
      visible: new Set(visible.map(String)),
      linkable: new Set([...visible, ...linkable].map(String)),
    });
    const ids: Record<Kind, Ids> = {
      // Issue numbers are per consortium: /issues/N is the first consortium's N.
      issue: mk(
        issues.filter(here).map((i) => i.number as number),
        issues.filter(issueVisible).map((i) => i.number as number),
        issues.filter((i) => mentionedIssueIds.has(Number(i.id))).map((i) => i.number as number),
      ),
      wg: mk(wgs.map((w) => w.id as number), guest ? [...guestWgs] : []),
      meeting: mk(meetings.map((m) => m.id as number), [...visMeetingIds]),
      decision: mk(decisions.map((d) => d.id as number), [...visDecisionIds]),
      report: mk(reports.map((r) => r.id as number), [...visReportIds]),
      // Projects, people and organizations: guests and leadership browse none of them.
      project: mk(projects.map((p) => p.id as number), []),
      attachment: mk(attachments.map((a) => a.id as number), attachments.filter(attachmentVisible).map((a) => a.id as number)),
      user: mk(users.map((u) => u.id as number), [me.id as number]),
      org: mk(orgs.map((o) => o.id as number), []),
      comment: mk(comments.map((c) => c.id as number), [...visCommentIds]),
      note: mk(notes.map((n) => n.id as number), [...visNoteIds]),
      // The e-mail outbox is the PMO's; an inbox entry belongs to its user.
      outbox: mk(outbox.map((o) => o.id as number), []),
      notification: mk(notifications.map((n) => n.id as number), notifications.filter((n) => Number(n.user_id) === Number(me.id)).map((n) => n.id as number)),
      token: mk([], []),
      // Imports are the PMO's and WG leads': guests and leadership open none.
      import: mk(imports.map((i) => i.id as number), []),
      // Consortia: the persona's own (the session's; /c/1/… stays there) and those it takes no
      // part in (404). One it also belongs to is left out: its link would move the session.
      consortium: mk([1, ...otherConsortia.map((c) => c.id as number)], [1]),
      splat: mk([], []),
    };

    // ---- texts
    const visibleCorpus: string[] = [];
    const hidden: { text: string; from: string }[] = [];
    const add = (isVisible: boolean, text: unknown, from: string) => {
      if (typeof text !== "string" || !text) return;
      if (isVisible) visibleCorpus.push(text);
      else hidden.push({ text, from });
    };
    for (const i of issues) {
      add(issueVisible(i) || mentionedIssueIds.has(Number(i.id)), i.title, `issue #${i.number} title`);
      add(issueVisible(i), i.body, `issue #${i.number} body`);
    }
    for (const c of comments) add(commentVisible(c), c.body, `comment ${c.id}${Number(c.internal) ? " (内部メモ)" : ""}`);
    for (const m of meetings) add(meetingVisible(m), m.title, `meeting ${m.id} title`);
    for (const n of notes) add(noteVisible(n), n.text, `sticky note ${n.id}${Number(n.internal) ? " (internal)" : ""}`);
    for (const d of decisions) {
      for (const f of ["title", "body", "rationale", "options_considered"]) add(decisionVisible(d), d[f], `decision ${d.id} ${f}`);
    }
    // Stances are for insiders only.
    for (const s of stances) add(false, s.comment, `stance comment on decision ${s.decision_id}`);
    for (const r of reports) {
      add(reportVisible(r), r.title, `report ${r.id} title`);
      add(reportVisible(r), r.narrative, `report ${r.id} narrative`);
      for (const f of ["snapshot", "highlights", "lights"]) if (reportVisible(r)) visibleCorpus.push(String(r[f] ?? ""));
    }
    for (const p of projects) visibleCorpus.push(String(p.name)); // a guest's WG belongs to a project
    for (const l of labels) visibleCorpus.push(String(l.name)); // offered in every list's filter (an issue may share a label's words)
    if (guest) {
      for (const w of wgs) add(guestWgs.has(Number(w.id)), w.name, `WG ${w.id} name`);
      for (const o of orgs) if (o.kind === "vendor") add(Number(o.id) === Number(me.org), o.name, `vendor organization ${o.id}`);
      const otherVendorOrgs = new Set(orgs.filter((o) => o.kind === "vendor" && Number(o.id) !== Number(me.org)).map((o) => Number(o.id)));
      for (const u of users) if (otherVendorOrgs.has(Number(u.organization_id))) add(false, u.display_name, `user ${u.id} of another vendor`);
    }
    const corpus = visibleCorpus.join("\n");
    const hiddenTexts: Oracle["hiddenTexts"] = [];
    const seen = new Set<string>();
    for (const h of hidden) {
      for (const fragment of fragmentsOf(h.text)) {
        if (seen.has(fragment) || corpus.includes(fragment)) continue;
        seen.add(fragment);
        hiddenTexts.push({ text: fragment, from: h.from });
        break; // one distinctive fragment per hidden text is enough
      }
    }
    // A hidden title may be too short or too generic for a fragment (「住民記録WG 第6回定例会」):
    // look for the whole title too, wherever it appears (a history line, a reason, a link text).
    for (const h of hidden) {
      if (!/ title$/.test(h.from) || seen.has(h.text) || corpus.includes(h.text)) continue;
      if ([...h.text].length < 6 || /[&<>"'\\]/.test(h.text)) continue;
      seen.add(h.text);
      hiddenTexts.push({ text: h.text, from: h.from });
    }
    // Search words: short distinctive pieces of hidden titles and memos.
    const searchWords = hiddenTexts
      .filter((h) => /title|内部メモ/.test(h.from))
      .map((h) => [...h.text].slice(0, 8).join(""))
      .filter((w) => [...w].length >= 4 && !corpus.includes(w))
      .slice(0, 25);
    return { persona, ids, hiddenTexts, searchWords };
  } finally {
    db.close();
  }
}

/** Distinctive plain-text pieces of a (markdown) text, longest first, as they appear in HTML. */
function fragmentsOf(text: string) {
  const MIN = 6;
  return text
    .split(/[\n。、「」『』（）()［］[\]*_#>`|!！?？:：・\-\s]+/)
    .map((s) => s.trim())
    .filter((s) => [...s].length >= MIN && !/[&<>"'\\]/.test(s) && [...s.replace(/[\x00-\x7f０-９年月日度期第回号]/g, "")].length >= 5)
    .sort((a, b) => b.length - a.length)
    .slice(0, 3);
}

// ---------------------------------------------------------------------------------------
// Requests

type Answer = { status: number; body: string; ms: number; location: string | null; type: string };

async function fetchAs(baseURL: string, cookie: string, url: string, method: "GET" | "POST" = "GET"): Promise<Answer> {
  const controller = new AbortController();
  const started = performance.now();
  const res = await fetch(baseURL + url, {
    method,
    redirect: "manual",
    signal: controller.signal,
    headers: {
      Cookie: `renkei_session=${cookie}`,
      Origin: baseURL,
      ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
    },
    body: method === "POST" ? "" : undefined,
  });
  const type = res.headers.get("content-type") ?? "";
  let body = "";
  if (type.includes("text/event-stream")) {
    // A live stream never ends: read what arrives within a moment, then hang up.
    const reader = res.body!.getReader();
    const timer = setTimeout(() => controller.abort(), 400);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        body += new TextDecoder().decode(value);
      }
    } catch {
      /* aborted */
    }
    clearTimeout(timer);
  } else {
    body = await res.text();
  }
  return { status: res.status, body, ms: performance.now() - started, location: res.headers.get("location"), type };
}

/** Bodies compared modulo what differs per request: nonces, the requested value, timestamps. */
function normalize(body: string, url: string, value: string) {
  // NUL bytes: the server's HTML stream sometimes carries a stray NUL where a multi-byte
  // character meets a 2 KB chunk boundary, so its position moves with the query's length.
  let out = body.replace(/\0/g, "").replace(/nonce="[^"]*"/g, 'nonce=""').replace(/"(?:nonce|cspNonce)":"[^"]*"/g, '"nonce":""');
  out = out.replaceAll(url, "<URL>");
  // Numbers are only replaced where they are the requested URL (a bare "2" is everywhere).
  if (!/^\d+$/.test(value)) out = out.replaceAll(encodeURIComponent(value), "<VALUE>").replaceAll(value, "<VALUE>");
  return out;
}

const LINK_KINDS: [RegExp, Kind][] = [
  [/\/issues\/(\d+)(?![\d.])/g, "issue"],
  [/\/meetings\/(\d+)(?![\d.])/g, "meeting"],
  [/\/decisions\/(\d+)(?![\d.])/g, "decision"],
  [/\/reports\/(\d+)(?![\d.])/g, "report"],
  [/\/wg\/(\d+)(?![\d.])/g, "wg"],
  [/\/attachments\/(\d+)(?![\d.])/g, "attachment"],
];

// ---------------------------------------------------------------------------------------

for (const persona of Object.keys(PERSONAS) as PersonaKey[]) {
  test(`nothing hidden leaks to ${persona}`, async ({ baseURL }) => {
    test.setTimeout(150_000);
    const first = await sweep(baseURL!, persona);
    // Other specs change data while this one runs (sharing an issue, inviting someone): a
    // finding counts only when a second sweep, with a fresh oracle, finds it again.
    const findings = first.length ? intersect(first, await sweep(baseURL!, persona)) : [];
    const transient = first.filter((f) => !findings.includes(f));
    if (transient.length) console.log(`[leak] ${persona}: not found again (data changed meanwhile?):\n` + transient.map((f) => `  - ${f}`).join("\n"));
    if (findings.length) console.log(`\nLeak findings for ${persona} (${findings.length}):\n` + findings.map((f) => `  - ${f}`).join("\n"));
    expect(findings, `leaks for ${persona}`).toEqual([]);
  });
}

// Reading a published report is audited (report.read), and only reading is: a POST — refused
// or not, with or without JavaScript — must not count as a read, even though Remix runs the
// page's loader after the action to render the answer.
test("a POST to a report page writes no read audit; opening the page does", async ({ baseURL }) => {
  const reader = "director@kitagawa.demo.renkei.jp"; // a reader no other spec signs in as
  const db = openDb();
  const { userId, reportId } = (() => {
    try {
      const u = db.prepare("SELECT id FROM user WHERE consortium_id = 1 AND account_id = (SELECT id FROM account WHERE email = ?)").get(reader) as { id: number };
      const r = db.prepare("SELECT id FROM progress_report WHERE status = '公開' ORDER BY id LIMIT 1").get() as { id: number };
      return { userId: u.id, reportId: r.id };
    } finally {
      db.close();
    }
  })();
  const reads = () => {
    const d = openDb();
    try {
      return (d.prepare("SELECT count(*) AS n FROM audit_event WHERE action = 'report.read' AND actor_id = ? AND entity_id = ?").get(userId, String(reportId)) as { n: number }).n;
    } finally {
      d.close();
    }
  };
  const cookie = createSessionFor(reader);
  const before = reads();
  const url = `/reports/${reportId}`;
  const post = (body: string, data = false) =>
    fetch(`${baseURL}${url}${data ? "?_data=routes%2F_app.reports.%24reportId._index" : ""}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: `renkei_session=${cookie}`, Origin: baseURL!, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
  // Refused: a reader may not publish or correct; an empty form is a bad request.
  for (const body of ["intent=publish", "intent=correct", ""]) {
    const document = await post(body);
    expect(document.status, `POST ${url} (${body || "empty"})`).toBeGreaterThanOrEqual(400);
    await document.text();
    const data = await post(body, true);
    expect(data.status).toBeGreaterThanOrEqual(400);
    await data.text();
  }
  expect(reads(), "refused POSTs are not reads").toBe(before);
  const page = await fetchAs(baseURL!, cookie, url);
  expect(page.status).toBe(200);
  expect(reads(), "opening the page is one read").toBe(before + 1);
});

function intersect(a: string[], b: string[]) {
  const again = new Set(b);
  return a.filter((f) => again.has(f));
}

async function sweep(base: string, persona: PersonaKey): Promise<string[]> {
  {
    const oracle = computeOracle(persona);
    const cookie = createSessionFor(PERSONAS[persona]);
    const findings: string[] = [];
    const finding = (s: string) => {
      if (findings.length < 400) findings.push(s);
    };
    expect(oracle.hiddenTexts.length, "the oracle found hidden texts to look for").toBeGreaterThan(10);

    // Sanity: the session works.
    const home = await fetchAs(base, cookie, "/");
    expect(home.status, "the persona is signed in").toBe(200);

    /** Checks a body for hidden text and links to hidden items. */
    const inspect = (url: string, a: Answer) => {
      if (a.status >= 500) finding(`${url}: HTTP ${a.status}`);
      if (a.status >= 300 && a.status < 400 && a.location && /^\/login/.test(new URL(a.location, base).pathname)) {
        finding(`${url}: redirected to the sign-in page (session lost?)`);
      }
      for (const h of oracle.hiddenTexts) {
        if (a.body.includes(h.text)) finding(`${url}: shows hidden text 「${h.text}」 (from ${h.from})`);
      }
      for (const [re, kind] of LINK_KINDS) {
        for (const m of a.body.matchAll(re)) {
          const id = m[1];
          if (oracle.ids[kind].all.includes(id) && !oracle.ids[kind].linkable.has(id)) {
            finding(`${url}: links to hidden ${kind} ${id} (${m[0]})`);
          }
        }
      }
    };

    const patterns = routePatterns();
    expect(patterns.length).toBeGreaterThan(20);
    const unknown = patterns.flatMap((p) => p.segments.filter((s): s is { param: string; suffix: string } => typeof s !== "string" && !(s.param in PARAM_KINDS)).map((s) => `${p.file}: $${s.param}`));
    expect(unknown, "route parameters the leak test does not know: extend PARAM_KINDS in e2e/leak.spec.ts").toEqual([]);

    type Job = { url: string; method: "GET" | "POST"; hidden: boolean; bogusUrl?: string; value?: string };
    const jobs: Job[] = [];
    for (const p of patterns) {
      const params = p.segments.filter((s): s is { param: string; suffix: string } => typeof s !== "string");
      const build = (values: Record<string, string>) =>
        "/" + p.segments.map((s) => (typeof s === "string" ? s : encodeURIComponent(values[s.param]).replace(/%2F/g, "/") + s.suffix)).join("/");
      if (params.length === 0) {
        const url = build({});
        if (url === "/logout") continue; // would end the session
        jobs.push({ url, method: "GET", hidden: false });
        continue;
      }
      // Vary one parameter over every value (and a bogus one); the others take a visible value.
      const defaults: Record<string, string> = {};
      for (const s of params) {
        const ids = oracle.ids[PARAM_KINDS[s.param]];
        defaults[s.param] = [...ids.visible][0] ?? ids.all[0] ?? BOGUS[PARAM_KINDS[s.param]];
      }
      for (const s of params) {
        const kind = PARAM_KINDS[s.param];
        const ids = oracle.ids[kind];
        const othersHidden = params.some((o) => o !== s && !oracle.ids[PARAM_KINDS[o.param]].visible.has(defaults[o.param]));
        const bogusUrl = build({ ...defaults, [s.param]: BOGUS[kind] });
        jobs.push({ url: bogusUrl, method: "GET", hidden: false });
        for (const value of ids.all) {
          const hidden = othersHidden || !ids.visible.has(value);
          const url = build({ ...defaults, [s.param]: value });
          jobs.push({ url, method: "GET", hidden, bogusUrl, value });
          if (hidden && p.hasAction) jobs.push({ url, method: "POST", hidden, bogusUrl, value });
        }
        if (p.hasAction) jobs.push({ url: bogusUrl, method: "POST", hidden: false });
      }
    }
    // Query parameters the route files cannot tell us about.
    for (const wg of oracle.ids.wg.all) {
      for (const url of [`/issues/new?wg=${wg}`, `/meetings/new?wg=${wg}`, `/issues?wg=${wg}`, `/issues.csv?wg=${wg}`]) {
        jobs.push({ url, method: "GET", hidden: false });
      }
    }

    // Run them, a few at a time.
    const answers = new Map<string, Answer>();
    const key = (j: { url: string; method: string }) => `${j.method} ${j.url}`;
    const unique = [...new Map(jobs.map((j) => [key(j), j])).values()];
    let next = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        while (next < unique.length) {
          const j = unique[next++];
          try {
            answers.set(key(j), await fetchAs(base, cookie, j.url, j.method));
          } catch (e) {
            finding(`${key(j)}: request failed (${(e as Error).message})`);
          }
        }
      }),
    );

    const slow: { url: string; ms: number; bogusMs: number }[] = [];
    for (const j of unique) {
      const a = answers.get(key(j));
      if (!a) continue;
      inspect(key(j), a);
      if (!j.hidden || !j.bogusUrl) continue;
      const bogus = answers.get(`${j.method} ${j.bogusUrl}`);
      if (!bogus) continue;
      if (persona !== "exec" && j.method === "GET" && a.status !== 404) {
        finding(`${key(j)}: hidden item answers ${a.status}, not 404`);
        continue;
      }
      if (j.method === "POST" && a.status < 400) {
        finding(`${key(j)}: a write to a hidden item answers ${a.status}`);
        continue;
      }
      if (a.status !== bogus.status) {
        finding(`${key(j)}: hidden item answers ${a.status}, a never-existing one ${bogus.status}`);
        continue;
      }
      const bogusValue = decodeURIComponent(j.bogusUrl.split("/").find((s, i) => s !== j.url.split("/")[i]) ?? "");
      if (j.method === "GET" && normalize(a.body, j.url, j.value!) !== normalize(bogus.body, j.bogusUrl, bogusValue)) {
        finding(`${key(j)}: the 404 for a hidden item differs from the 404 for a never-existing one (${j.bogusUrl})`);
      }
      if (a.ms > 10 * bogus.ms + 100) slow.push({ url: key(j), ms: a.ms, bogusMs: bogus.ms });
    }
    // Timing: only a consistent pattern counts (single slow requests happen on a busy CI machine).
    if (slow.length > 5) {
      for (const s of slow.slice(0, 10)) finding(`${s.url}: hidden item took ${s.ms.toFixed(0)} ms, a never-existing one ${s.bogusMs.toFixed(0)} ms`);
    }

    // Search for words that exist only in hidden items: the same page as for a word that exists nowhere.
    const nowhere = "存在しない語句ＸＹＺ";
    const none = await fetchAs(base, cookie, `/search?q=${encodeURIComponent(nowhere)}`);
    for (const word of oracle.searchWords) {
      const url = `/search?q=${encodeURIComponent(word)}`;
      const a = await fetchAs(base, cookie, url);
      if (a.status !== none.status) finding(`${url}: answers ${a.status}, a search for nothing ${none.status}`);
      else if (normalize(a.body, url, word) !== normalize(none.body, `/search?q=${encodeURIComponent(nowhere)}`, nowhere)) finding(`${url}: search results reveal hidden items (「${word}」)`);
      const stripped = { ...a, body: a.body.replaceAll(word, "") };
      inspect(url, stripped);
    }

    console.log(`[leak] ${persona}: ${unique.length} requests, ${oracle.hiddenTexts.length} hidden texts, ${oracle.searchWords.length} search words, ${findings.length} findings`);
    return findings;
  }
}
