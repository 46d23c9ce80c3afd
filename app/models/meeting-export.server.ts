// A meeting's exports: the minutes as markdown, and the viewer's meetings as an iCalendar feed.
// Both read through the same visibility as the pages.
import { consortiumPath } from "~/utils/consortium-path";
import { and, asc, gte, inArray, eq, or, sql } from "drizzle-orm";
import { formatMeetingTime, isoDateInJapan } from "~/utils/dates";
import { db, schema } from "~/utils/db.server";
import { memberWorkingGroupIds, type Viewer } from "~/policy/permissions";
import { visibleMeetings } from "~/policy/visibility.server";
import { agendaOf, getMeeting, meetingListColumns } from "./meeting.server";

const { meeting } = schema;

// --- exports -------------------------------------------------------------------------------

// Every text from the database is escaped: titles, places and the names of people and towns
// (a name like 「[x](javascript:…)」 or 「# 」 must not become a link or a heading).
const mdEscape = (s: string) => s.replace(/([\\`*_[\]#<>|])/g, "\\$1").replace(/\r?\n/g, " ");
/** A URL inside <…>: serialized by the URL parser, which percent-encodes `<`, `>` and spaces. */
function mdAutolink(url: string) {
  try {
    return `<${new URL(url).href}>`;
  } catch {
    return mdEscape(url);
  }
}

/** The minutes as markdown: the sticky notes per agenda item and kind, with what they became. */
export async function minutesMarkdown({ viewer, meetingId, origin }: { viewer: Viewer; meetingId: number; origin: string }) {
  // The file leaves the app: its links name the consortium (ADR 029).
  const link = (path: string) => `${origin}${consortiumPath(viewer.consortiumId, path)}`;
  const data = await getMeeting({ viewer, meetingId });
  if (!data) return null;
  const { meeting: m, attendeesByTown, columns } = data;
  const lines: string[] = [];
  lines.push(`# ${mdEscape(m.title)}`, "");
  lines.push(`- 会議の種類: ${m.kind}${m.rank ? `（${m.rank}）` : ""}`);
  lines.push(`- 日時: ${formatMeetingTime(m.startsAt, m.endsAt)}`);
  if (m.place) lines.push(`- 開催場所: ${mdEscape(m.place)}`);
  if (m.onlineUrl) lines.push(`- オンライン会議URL: ${mdAutolink(m.onlineUrl)}`);
  if (m.hostName) lines.push(`- 主催団体: ${mdEscape(m.hostName)}`);
  lines.push(`- 状態: ${m.state}`);
  lines.push(`- 会議ページ: <${link(`/meetings/${m.id}`)}>`, "");
  lines.push("## 出席者", "");
  for (const g of attendeesByTown) lines.push(`- ${mdEscape(g.organizationName)}: ${g.rows.map((a) => `${mdEscape(a.name)}（${a.attendance}）`).join("、")}`);
  if (!attendeesByTown.length) lines.push("- （なし）");
  lines.push("");
  const agendaById = new Map(data.agenda.map((a) => [a.id, a]));
  for (const col of columns) {
    const item = col.agendaItemId !== null ? agendaById.get(col.agendaItemId) : null;
    if (col.agendaItemId === null && !col.kinds.length) continue;
    const heading = item ? (item.issueNumber ? `#${item.issueNumber} ${item.title}` : item.title) : "その他";
    lines.push(`## ${mdEscape(heading)}`, "");
    if (item?.issueNumber) lines.push(`課題: <${link(`/issues/${item.issueNumber}`)}>`, "");
    if (!col.kinds.length) lines.push("（付箋なし）", "");
    for (const g of col.kinds) {
      lines.push(`### ${g.kind}`, "");
      for (const n of g.notes) {
        const links = [
          n.issueNumber ? `→ 課題 [#${n.issueNumber}](${link(`/issues/${n.issueNumber}`)})` : null,
          n.decisionId ? `→ 決定事項 [${n.decisionNumber}](${link(`/decisions/${n.decisionId}`)})` : null,
        ].filter(Boolean);
        lines.push(`- ${mdEscape(n.text)}（${mdEscape(n.authorName)}・${mdEscape(n.organizationName)}）${n.internal ? " 〔内部メモ〕" : ""}${links.length ? ` ${links.join(" ")}` : ""}`);
        for (const sketch of n.sketches) lines.push(`  ![${mdEscape(sketch.fileName)}](${link(`/attachments/${sketch.id}`)})`);
      }
      lines.push("");
    }
  }
  const fileName = `${m.title}_議事録_${isoDateInJapan(m.startsAt)}.md`;
  return { fileName, body: lines.join("\n") };
}

/**
 * The viewer's meetings for a calendar: those they are invited to, and for insiders every
 * meeting of the WGs they lead or belong to. Always within what they may see.
 */
export async function calendarMeetings({ viewer, since = Date.now() - 180 * 86_400_000 }: { viewer: Viewer; since?: number }) {
  const mine = sql`${meeting.id} IN (SELECT meeting_id FROM meeting_attendee WHERE user_id = ${viewer.userId})`;
  const ownWgs = memberWorkingGroupIds(viewer);
  const scope = ownWgs.length ? or(mine, inArray(meeting.wgId, ownWgs)) : mine;
  const rows = db
    .select(meetingListColumns)
    .from(meeting)
    .leftJoin(schema.organization, eq(schema.organization.id, meeting.hostOrgId))
    .where(and(visibleMeetings(viewer), scope, gte(meeting.startsAt, since)))
    .orderBy(asc(meeting.startsAt))
    .limit(1000)
    .all();
  return Promise.all(rows.map(async (r) => ({ ...r, agenda: (await agendaOf(viewer, r.id)).map((a) => (a.issueNumber ? `#${a.issueNumber} ${a.title}` : a.title)) })));
}

// --- iCalendar (RFC 5545) ---------------------------------------------------------------------

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 §3.3.11). */
export function icsText(value: string) {
  return value.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
}

/** Folds a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string) {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    // Continuation lines start with a space, which counts toward their 75 octets.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const icsUtc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** The viewer's meetings as an iCalendar feed (CRLF, folded, times in UTC). */
export async function meetingsIcs({ viewer, origin, now = Date.now() }: { viewer: Viewer; origin: string; now?: number }) {
  const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Renkei//Meetings//JA", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", `X-WR-CALNAME:${icsText("Renkei 会議")}`, "X-WR-TIMEZONE:Asia/Tokyo"];
  for (const m of await calendarMeetings({ viewer })) {
    const url = `${origin}${consortiumPath(viewer.consortiumId, `/meetings/${m.id}`)}`;
    const description = [
      `${m.kind}${m.rank ? `（${m.rank}）` : ""}`,
      m.agenda.length ? `議題:\n${m.agenda.map((a) => `・${a}`).join("\n")}` : "",
      m.onlineUrl ? `オンライン会議URL: ${m.onlineUrl}` : "",
      url,
    ].filter(Boolean);
    lines.push(
      "BEGIN:VEVENT",
      `UID:meeting-${m.id}@renkei`,
      `DTSTAMP:${icsUtc(now)}`,
      `DTSTART:${icsUtc(m.startsAt)}`,
      `DTEND:${icsUtc(m.endsAt ?? m.startsAt + 3_600_000)}`,
      `SUMMARY:${icsText(m.title)}`,
      ...(m.place || m.onlineUrl ? [`LOCATION:${icsText(m.place || m.onlineUrl)}`] : []),
      `URL:${url}`,
      `DESCRIPTION:${icsText(description.join("\n"))}`,
      `STATUS:${m.state === "予定" ? "TENTATIVE" : "CONFIRMED"}`,
      "END:VEVENT",
    );
  }
  lines.push("END:VCALENDAR");
  return lines.map(foldLine).join("\r\n") + "\r\n";
}
