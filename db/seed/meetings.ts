// Meetings (past, live, future), their agenda, attendees, sticky-note boards, confirmations
// of the minutes, and the comments on them.
import { agendaItemRow, attendeeRow, meetingRow, stickyNoteRow } from "../factories/meeting";
import type * as schema from "../schema/index";
import { MIN, mulberry32 } from "./clock";
import { type Build, CONSORTIUM_ID } from "./context";
import { ISSUES } from "./issues";
import { say, type TownKey, type UserKey, type WgKey } from "./keys";
import { TOWN_ADMIN } from "./organizations";

export type NoteKind = (typeof schema.NOTE_KINDS)[number];
export const NOTE_COLORS: Record<NoteKind, string> = { 発言: "yellow", 質問: "blue", 課題: "pink", ToDo: "green", 決定: "orange" };

export interface NoteSpec {
  col: number | null; // index into the meeting's agenda, null for その他
  by: UserKey;
  kind: NoteKind;
  text: string;
  internal?: boolean;
  cluster?: string;
  issue?: string;
  decision?: string;
}

export interface MeetingSpec {
  key: string;
  wg: WgKey | null;
  kind: (typeof schema.MEETING_KINDS)[number];
  rank?: (typeof schema.RANKS)[number];
  title: string;
  when: "past" | "live" | "future";
  day: number;
  hour: number;
  minutes: number; // duration
  place: string;
  onlineUrl: string;
  host: TownKey;
  vendor: boolean;
  state: (typeof schema.MEETING_STATES)[number];
  chair: UserKey;
  previous?: string;
  createdDay: number;
  attendees: UserKey[];
  agenda: { title?: string; issue?: string }[];
  confirmedBy?: TownKey[];
  notes: NoteSpec[];
}

export const MEETINGS: MeetingSpec[] = [
  {
    key: "m-jumin5", wg: "jumin", kind: "WG定例", title: "住民記録WG 第5回定例会", when: "past", day: -35, hour: 14, minutes: 120,
    place: "北川市役所 本庁舎3階 第1会議室", onlineUrl: "https://meet.example.jp/renkei/jumin-05", host: "kita", vendor: true,
    state: "確定", chair: "mLead", createdDay: -49,
    attendees: ["mLead", "kStaff", "kAdmin", "mStaff", "hAdmin", "hStaff", "nAdmin", "nStaff", "cAdmin", "cStaff", "pmo", "vA"],
    agenda: [{ title: "前回ToDoの確認" }, { issue: "j-gaiji" }, { issue: "j-tenshutsu" }, { issue: "j-fitgap" }, { issue: "j-onestop" }],
    confirmedBy: ["mina", "kita", "nishi", "chuo", "higa"],
    notes: [
      { col: 0, by: "nAdmin", kind: "質問", text: "前回のToDo（各団体の外字件数の報告）は全団体そろった？" },
      { col: 0, by: "mLead", kind: "発言", text: "5団体分そろいました。一覧は共有フォルダにあります。" },
      { col: 1, by: "kStaff", kind: "発言", text: "北川市の外字は約1,200字。文字情報基盤で同定できないのは約80字。", cluster: "外字の件数" },
      { col: 1, by: "cAdmin", kind: "質問", text: "同定できない外字は、移行後どう表示される？ 窓口で住民に説明が必要。", cluster: "住民への影響" },
      { col: 1, by: "vA", kind: "発言", text: "縮退マップ（案）を各団体にお示しします。同定できない文字は個別に確認させてください。", cluster: "外字の件数" },
      { col: 1, by: "mLead", kind: "決定", text: "外字は文字情報基盤への同定を原則とする。同定基準をWG案として協議会に諮る。", decision: "d-gaiji" },
      { col: 1, by: "vA", kind: "ToDo", text: "事業者：縮退マップ（案）を次回WGまでに提出" },
      { col: 2, by: "nStaff", kind: "課題", text: "転出証明書の記載事項が団体ごとに違う（世帯主欄の有無など）" },
      { col: 2, by: "mLead", kind: "ToDo", text: "各団体：転出証明書のサンプルを2週間以内に事務局へ送付" },
      { col: 3, by: "kAdmin", kind: "発言", text: "異動処理のFit率は約92%。Gapは運用変更でカバーできる見込み。" },
      { col: 3, by: "pmo", kind: "発言", text: "標準オプション2件は有償。見積は協議会で一括取得するため、この場では金額に触れない。", internal: true },
      { col: 4, by: "hStaff", kind: "質問", text: "転入予約データの取込み手順を確認したい。" },
      { col: 4, by: "vA", kind: "発言", text: "日次バッチと随時取込みの両方に対応しています。手順書（案）を次回お示しします。" },
      { col: null, by: "kStaff", kind: "課題", text: "移行検証用のテストデータ（住民票コード・個人番号）の準備方法を決める必要がある。", issue: "j-ikoudata" },
    ],
  },
  {
    key: "m-renraku2", wg: null, kind: "連絡会", rank: "所属長", title: "第2回 所属長連絡会", when: "past", day: -21, hour: 15, minutes: 90,
    place: "中央町役場 2階 大会議室", onlineUrl: "", host: "chuo", vendor: false, state: "確定", chair: "pmo", createdDay: -40,
    attendees: ["pmo", "kAdmin", "mLead", "hAdmin", "nAdmin", "cAdmin"],
    agenda: [{ title: "各WGの進捗報告（レク）" }, { issue: "k-kaisen" }, { issue: "k-hoshu" }, { issue: "k-tokutei" }, { issue: "z-noutsu" }],
    confirmedBy: ["kita", "chuo", "nishi", "mina", "higa"],
    notes: [
      { col: 0, by: "pmo", kind: "発言", text: "住民記録WG：Fit&Gapの取りまとめが完了。外字の同定基準を決定事項として協議中。" },
      { col: 0, by: "nAdmin", kind: "発言", text: "共通基盤WG：回線の見積を取得済み。按分方式が論点。" },
      { col: 1, by: "hAdmin", kind: "質問", text: "距離による追加費用は回線ごとに負担？ それとも全体で按分？", cluster: "按分の考え方" },
      { col: 1, by: "mLead", kind: "発言", text: "南浜町は回線距離が長い。全体按分でないと町長に説明できない。", cluster: "按分の考え方" },
      { col: 1, by: "nAdmin", kind: "ToDo", text: "共通基盤WG：按分方式の決定事項（案）を作成し、各団体に意思表示を依頼" },
      { col: 2, by: "hAdmin", kind: "発言", text: "東山村は均等割30%でも負担感が大きい。村長レクの前に事務局と事前協議したい。", internal: true },
      { col: 3, by: "cAdmin", kind: "課題", text: "特定移行支援システムの申出期限を全団体で確認する。" },
      { col: 4, by: "pmo", kind: "決定", text: "納税通知書等を共同外部印刷の対象から外す方向で合意。決定事項を改定する。", decision: "d-print-new" },
      { col: 4, by: "kAdmin", kind: "発言", text: "北川市は年間約40万円の増額になるが、財政課には説明済み。" },
    ],
  },
  {
    key: "m-jumin6", wg: "jumin", kind: "WG定例", title: "住民記録WG 第6回定例会", when: "past", day: -7, hour: 14, minutes: 120,
    place: "南浜町役場 2階 会議室A", onlineUrl: "https://meet.example.jp/renkei/jumin-06", host: "mina", vendor: false,
    state: "確認中", chair: "mLead", previous: "m-jumin5", createdDay: -20,
    attendees: ["mLead", "kStaff", "kAdmin", "mStaff", "hAdmin", "hStaff", "nAdmin", "nStaff", "cAdmin", "cStaff", "pmo"],
    agenda: [{ issue: "j-gaiji" }, { issue: "j-tenshutsu" }, { issue: "j-shien" }, { issue: "j-custom" }, { issue: "j-haiki" }, { issue: "j-gaikoku" }],
    confirmedBy: ["mina", "kita", "nishi"],
    notes: [
      { col: 0, by: "mLead", kind: "発言", text: "縮退マップがまだ提出されていない。事業者に提出日を確認する。" },
      { col: 0, by: "mLead", kind: "ToDo", text: "WGリーダー：事業者へ縮退マップの提出期限を確認" },
      { col: 1, by: "kStaff", kind: "発言", text: "5団体のサンプルを比較。差異は世帯主欄と転出予定日の表記。" },
      { col: 1, by: "mLead", kind: "決定", text: "転出証明書は標準様式例に統一する方向で、決定事項（案）を起案する。", decision: "d-tenshutsu" },
      { col: 2, by: "hAdmin", kind: "課題", text: "支援措置の申出情報を他団体へ共有する手順がない。" },
      { col: 2, by: "kAdmin", kind: "発言", text: "北川市の誤交付未遂の事案は、団体名を伏せて共有する。", internal: true },
      { col: 3, by: "nAdmin", kind: "発言", text: "西原市分の棚卸しは来週提出します。" },
      { col: 4, by: "cStaff", kind: "質問", text: "除票の保存期間150年の対象はどこまで？" },
      { col: 5, by: "mStaff", kind: "発言", text: "南浜町は約400件が該当。表記ルールの案を作ります。" },
      { col: null, by: "cAdmin", kind: "課題", text: "新システムの操作研修の計画を早めに立てたい（会計年度任用職員も対象）。", issue: "j-kenshu" },
    ],
  },
  {
    key: "m-zeimu-kensho", wg: "zeimu", kind: "検証", title: "税務WG 機能検証（特別徴収・eLTAX連携）", when: "live", day: 0, hour: 0, minutes: 120,
    place: "", onlineUrl: "https://meet.example.jp/renkei/zeimu-kensho-03", host: "nishi", vendor: true, state: "開催中", chair: "kTax", createdDay: -14,
    attendees: ["kTax", "kStaff", "mTax", "hStaff", "nTax", "cTax", "pmo", "vB"],
    agenda: [{ issue: "z-tokucho" }, { issue: "z-eltax" }, { issue: "z-batch" }],
    notes: [
      { col: 0, by: "vB", kind: "発言", text: "標準様式例どおりの出力を画面で確認しました。" },
      { col: 0, by: "mTax", kind: "質問", text: "圧着はがき様式への切替はどの画面で行う？" },
      { col: 0, by: "kTax", kind: "発言", text: "圧着はがきの単価は他社と比較してから判断する。事業者にはまだ回答しない。", internal: true },
      { col: 1, by: "nTax", kind: "発言", text: "西原市は1〜3月のテストは避けたい。" },
      { col: 1, by: "vB", kind: "ToDo", text: "事業者：テスト環境の接続申請を代行（今月中）" },
      { col: 2, by: "vB", kind: "質問", text: "当初課税の件数、5団体分はいつ頃いただけますか？" },
    ],
  },
  {
    key: "m-jumin7", wg: "jumin", kind: "WG定例", title: "住民記録WG 第7回定例会", when: "future", day: 7, hour: 14, minutes: 120,
    place: "東山村役場 1階 会議室", onlineUrl: "https://meet.example.jp/renkei/jumin-07", host: "higa", vendor: true,
    state: "予定", chair: "mLead", previous: "m-jumin6", createdDay: -6,
    attendees: ["mLead", "kStaff", "kAdmin", "mStaff", "hAdmin", "hStaff", "nAdmin", "nStaff", "cAdmin", "cStaff", "pmo", "vA"],
    agenda: [{ title: "前回ToDoの確認" }, { issue: "j-gaiji" }, { issue: "j-tenshutsu" }, { issue: "j-koumoku" }, { issue: "j-ikoudata" }],
    notes: [],
  },
  {
    key: "m-fukushi-furikaeri", wg: "fukushi", kind: "ふりかえり", title: "福祉WG ふりかえり（機能検証サイクル第1期）", when: "future", day: 14, hour: 10, minutes: 90,
    place: "中央町役場 3階 研修室", onlineUrl: "", host: "chuo", vendor: false, state: "予定", chair: "cWel", createdDay: -10,
    attendees: ["cWel", "kWel", "mWel", "hWel", "nWel", "pmo"],
    agenda: [{ issue: "f-shougai" }, { issue: "f-hoiku" }, { issue: "f-yobou" }, { issue: "f-furikaeri" }],
    notes: [],
  },
];

/** The meeting rows, their times and confirmations, and the issues each past meeting carried over. */
export function buildMeetings(b: Build) {
  const { d, now, at, weekdayBefore, weekdayAfter, fail, orgId, userId, projectTowns, wgId, wgProject } = b;
  const { meetingId, meetingTimes, meetingDay, confirmationsByMeeting, meetingCarryOvers } = b;
  // Meetings (the live one started half an hour ago, on a five-minute boundary).
  const liveStart = Math.floor(now / (5 * MIN)) * 5 * MIN - 30 * MIN;
  MEETINGS.forEach((m, i) => {
    meetingId[m.key] = i + 1;
    meetingDay[m.key] = m.when === "live" ? 0 : weekdayBefore(m.day);
    const startsAt = m.when === "live" ? liveStart : at(meetingDay[m.key], m.hour, 0);
    const endsAt = startsAt + m.minutes * MIN;
    meetingTimes[m.key] = { startsAt, endsAt };
  });
  MEETINGS.forEach((m, i) => {
    const { startsAt, endsAt } = meetingTimes[m.key];
    const confirmations = (m.confirmedBy ?? []).map((town, j) => ({
      town,
      at: at(weekdayAfter(meetingDay[m.key] + 1 + Math.floor(j / 2)), 10 + j, 15 * (j % 4)),
    }));
    for (const c of confirmations) if (c.at >= now) fail(`confirmation of ${m.key} in the future`);
    confirmationsByMeeting[m.key] = confirmations;
    if (m.state === "確定" && confirmations.length !== projectTowns[m.wg ? wgProject[m.wg] : 1].length) {
      fail(`${m.key} is 確定 without every town's confirmation`);
    }
    d.meeting.push(meetingRow({
      id: i + 1, consortiumId: CONSORTIUM_ID, projectId: m.wg ? wgProject[m.wg] : 1, wgId: m.wg ? wgId[m.wg] : null,
      kind: m.kind, rank: m.rank ?? null, title: m.title, startsAt, endsAt, place: m.place, onlineUrl: m.onlineUrl,
      hostOrgId: orgId[m.host], vendorVisible: m.vendor, state: m.state, chairId: userId[m.chair],
      previousMeetingId: m.previous ? meetingId[m.previous] : null, createdBy: userId[m.chair],
      createdAt: at(m.createdDay, 17, 30),
      lockedAt: m.state === "確定" ? Math.max(...confirmations.map((c) => c.at)) : null,
    }));
  });

  // Meetings an issue stayed open through (agenda items of meetings that have ended).
  for (const m of MEETINGS) {
    if (m.when !== "past") continue;
    for (const a of m.agenda) {
      if (!a.issue) continue;
      (meetingCarryOvers[a.issue] ??= []).push({ meeting: m, at: meetingTimes[m.key].endsAt + 10 * MIN });
    }
  }
}

/** Agenda items, attendees, sticky notes and confirmations (after the issues, which notes cite). */
export function buildBoards(b: Build) {
  const { d, now, at, fail, orgId, userId, isGuest, meetingId, meetingTimes, confirmationsByMeeting, issueByKey, decisionId, noteIdByDecision, pushComment } = b;
  // Agenda items, attendees and sticky notes.
  let agendaId = 0;
  let noteId = 0;
  MEETINGS.forEach((m) => {
    const mid = meetingId[m.key];
    const { startsAt } = meetingTimes[m.key];
    const columnIds: number[] = [];
    m.agenda.forEach((a, position) => {
      agendaId += 1;
      columnIds.push(agendaId);
      const issue = a.issue ? issueByKey[a.issue] : undefined;
      if (a.issue && !issue) fail(`${m.key}: unknown agenda issue ${a.issue}`);
      if (issue && m.vendor && !ISSUES.find((s) => s.key === a.issue)?.vendor) fail(`${m.key}: hidden issue on a shared agenda`);
      d.agendaItem.push(agendaItemRow({ id: agendaId, meetingId: mid, position: position + 1, title: a.title ?? issue?.title ?? "", issueId: issue?.id ?? null }));
    });
    const random = mulberry32(mid * 7919);
    for (const u of m.attendees) {
      let attendance: (typeof schema.ATTENDANCE)[number];
      if (u === m.chair) attendance = m.onlineUrl && !m.place ? "オンライン" : "出席";
      else if (isGuest(u)) attendance = m.when === "future" ? "未回答" : "オンライン";
      else if (m.when === "future") attendance = random() < 0.5 ? "出席" : random() < 0.5 ? "オンライン" : "未回答";
      else {
        const r = random();
        attendance = !m.place ? (r < 0.9 ? "オンライン" : "欠席") : r < 0.65 ? "出席" : r < 0.9 ? "オンライン" : "欠席";
      }
      d.meetingAttendee.push(attendeeRow({ meetingId: mid, userId: userId[u], attendance }));
    }
    const positions = new Map<number | null, number>();
    m.notes.forEach((n, j) => {
      if (!m.attendees.includes(n.by)) fail(`${m.key}: note by a non-attendee`);
      if (n.internal && isGuest(n.by)) fail(`${m.key}: vendor internal note`);
      noteId += 1;
      const position = (positions.get(n.col) ?? 0) + 1;
      positions.set(n.col, position);
      const text = n.internal ? `【内部メモ・非公開】${n.text}` : n.text;
      if ([...text].length > 400) fail(`${m.key}: note too long`);
      const createdAt = startsAt + (m.when === "live" ? (j + 1) * 3 * MIN : (j + 1) * 6 * MIN);
      if (createdAt >= now) fail(`${m.key}: note in the future`);
      if (n.decision) noteIdByDecision[n.decision] = noteId;
      d.stickyNote.push(stickyNoteRow({
        id: noteId, meetingId: mid, authorId: userId[n.by], kind: n.kind, text, color: NOTE_COLORS[n.kind],
        agendaItemId: n.col === null ? null : columnIds[n.col], position, x: null, y: null, cluster: n.cluster ?? null,
        internal: n.internal ?? false, issueId: n.issue ? issueByKey[n.issue].id : null,
        decisionId: n.decision ? decisionId[n.decision] : null, version: 1, createdAt, updatedAt: createdAt, deletedAt: null,
      }));
      if (n.issue) {
        // The issue was made from this note (付箋から作成): it cites the note by reference, as the app does.
        const made = d.issue.find((i) => i.id === issueByKey[n.issue!].id)!;
        Object.assign(made, { sourceMeetingId: mid, sourceNoteId: noteId });
      }
    });
    for (const c of confirmationsByMeeting[m.key]) {
      d.minutesConfirmation.push({ meetingId: mid, organizationId: orgId[c.town], confirmedBy: userId[TOWN_ADMIN[c.town]], confirmedAt: c.at });
    }
  });

  // Meeting comments.
  pushComment({ meetingId: meetingId["m-jumin5"] }, say("vA", "第5回の説明資料（縮退マップの考え方）を共有しました。"), at(-34, 11, 0));
  pushComment(
    { meetingId: meetingId["m-jumin6"] },
    say("pmo", "議事録（付箋）の確認をお願いします。東山村・中央町がまだ確認していません。"),
    at(-3, 9, 30),
  );
}
