// Decisions (決定事項) in the order they were drafted (that order gives the D-<年度>-NNN
// sequence), the towns' stances with their history, and the comments on them.
import { fiscalYear } from "../../app/utils/dates";
import { decisionNumber } from "../factories/decision";
import { decisionRow, stanceHistoryRow, stanceRow } from "../factories/decision";
import type * as schema from "../schema/index";
import { HOUR, MIN } from "./clock";
import { type Approval, type Build, CONSORTIUM_ID, type DecisionFact, FISCAL_YEAR_START, type Stance } from "./context";
import { memo, say, type CommentSpec, type TownKey, type WgKey } from "./keys";
import { TOWN_ADMIN } from "./organizations";

export interface StanceSpec {
  stance: Stance | null;
  approval: Approval;
  comment?: string;
}

export interface DecisionSpec {
  key: string;
  wg: WgKey | null;
  title: string;
  body: string;
  rationale: string;
  options?: string;
  status: (typeof schema.DECISION_STATUSES)[number];
  created: number;
  consulted?: number; // 協議中 from this day (days ago)
  decided?: number;
  withdrawn?: number;
  withdrawnReason?: string;
  stanceDue?: number;
  reviewIn?: number;
  supersedes?: string;
  sourceMeeting?: string;
  vendor?: boolean;
  stances: Partial<Record<TownKey, StanceSpec>>; // missing = all 賛成・決裁済 when decided, else no stance yet
  issues: { issue: string; relation: "related" | "follow_up" }[];
  comments?: CommentSpec[];
}

export const DECISIONS: DecisionSpec[] = [
  {
    key: "d-nocust", wg: null, title: "標準準拠システムのノンカスタマイズ原則",
    body: "## 決定内容\n標準準拠システムは原則としてカスタマイズを行わず、業務を標準仕様に合わせる（ノンカスタマイズ）。\n\n- 例外は、費用対効果を示したうえで、協議会の決定事項として個別に決定する\n- データベース及び中核部分の改変は行わない\n- 独自帳票は、標準様式例で代替できないものに限り検討する",
    rationale: "カスタマイズは改修・保守費用を増やし、次期更新時の事業者変更の妨げになるため。国の標準化の方針とも整合する。",
    options: "1. 原則ノンカスタマイズ（採用）\n2. 団体ごとに必要最小限のカスタマイズを認める\n3. 5団体共通のカスタマイズのみ認める",
    status: "決定", created: 210, consulted: 200, decided: 180, reviewIn: 180, vendor: true, stances: {},
    issues: [{ issue: "j-fitgap", relation: "related" }],
  },
  {
    key: "d-print-old", wg: null, title: "大量帳票の共同外部印刷の採用",
    body: "## 決定内容\n納税通知書・各種通知書等の大量帳票は、5団体共同で外部印刷・封入封緘を委託する。\n\n- 委託先は共同で選定する\n- 費用は出力件数に応じて按分する",
    rationale: "印刷・封入封緘の単価を下げ、職員の作業時間を減らすため。",
    status: "改定", created: 170, consulted: 165, decided: 150, stances: {},
    issues: [],
  },
  {
    key: "d-noufu", wg: "zeimu", title: "南浜町独自様式の納付書の継続使用",
    body: "## 提案内容\n南浜町の町内金融機関向けの独自様式の納付書を、例外として継続使用する。",
    rationale: "町内の農協・漁協で標準様式の納付書が取り扱えない可能性があるため。",
    status: "取下げ", created: 100, consulted: 98, withdrawn: 85,
    withdrawnReason: "標準様式の納付書でも町内の金融機関で取扱い可能と確認できたため、提案団体（南浜町）が取り下げた。",
    stances: {
      kita: { stance: "反対", approval: "庁内説明中", comment: "ノンカスタマイズ原則の例外とする理由が弱い。" },
      nishi: { stance: "保留", approval: "庁内説明中", comment: "費用の見込みを確認してから判断したい。" },
    },
    issues: [{ issue: "z-noufu", relation: "related" }],
  },
  {
    key: "d-gaiji", wg: "jumin", title: "外字の同定基準（文字情報基盤への同定・縮退のルール）",
    body: "## 決定内容\n- 外字は文字情報基盤（MJ文字）への同定を原則とする\n- 同定できない外字は、事業者が提示する縮退マップに基づき各団体が確認する\n- 字形が変わる住民には、各団体から個別に通知する",
    rationale: "5団体で同じ基準を使うことで、移行作業の手戻りと住民への説明の差をなくすため。",
    options: "1. 文字情報基盤への同定を原則とする（採用）\n2. 各団体の外字をそのまま登録する",
    status: "決定", created: 34, consulted: 33, decided: 27, sourceMeeting: "m-jumin5", vendor: true,
    stances: {
      higa: { stance: "条件付賛成", approval: "決裁済", comment: "同定できない外字が残る場合は、住民への個別通知の方法を別途協議すること。" },
    },
    issues: [
      { issue: "j-gaiji", relation: "related" },
      { issue: "j-ikoudata", relation: "follow_up" },
    ],
    comments: [
      say("vA", "承知しました。移行ツールの縮退マップに同定基準を反映します。"),
      memo("pmo", "事業者による同定作業の費用は本決定の範囲外。費用協議は別途行う。"),
    ],
  },
  {
    key: "d-print-new", wg: null, title: "大量帳票の共同外部印刷の採用（改定：納税通知書等を対象外とする）",
    body: "## 決定内容\n大量帳票は引き続き5団体共同で外部印刷・封入封緘を委託する。ただし、**納税通知書等（住民税・固定資産税・国保税）は対象外**とし、各団体で印刷する。",
    rationale: "納期と同封物が団体ごとに異なり、共同印刷では対応が難しいため（税務WGの懸案事項による）。",
    status: "決定", created: 21, consulted: 20, decided: 10, supersedes: "d-print-old", sourceMeeting: "m-renraku2",
    stances: {
      mina: { stance: "条件付賛成", approval: "決裁済", comment: "同封物の取扱いは来年度に再確認すること。" },
    },
    issues: [{ issue: "z-noutsu", relation: "related" }],
  },
  {
    key: "d-kaisen", wg: "kiban", title: "ガバメントクラウド接続回線の費用按分方式",
    body: "## 提案内容\nガバメントクラウド接続回線の費用は、**均等割30%・人口割70%の割合**で按分する。\n\n- 回線距離による追加費用は、全体で按分する\n- 県の補助金は按分前の総額から控除する",
    rationale: "小規模団体の負担を抑えつつ、受益に応じた負担とするため。",
    options: "1. 均等割30%・人口割70%（提案）\n2. 均等割50%・人口割50%\n3. 回線ごとの実費負担",
    status: "協議中", created: 20, consulted: 19, stanceDue: 10, sourceMeeting: "m-renraku2",
    stances: {
      kita: { stance: "賛成", approval: "決裁済" },
      nishi: { stance: "条件付賛成", approval: "庁内説明中", comment: "距離による追加費用は全体按分とすること。" },
      mina: { stance: "保留", approval: "庁内説明中", comment: "人口割の比率について、町長への説明が必要。" },
      higa: { stance: null, approval: "未説明" },
      chuo: { stance: null, approval: "庁内説明中" },
    },
    issues: [
      { issue: "k-kaisen", relation: "related" },
      { issue: "k-hoshu", relation: "related" },
    ],
    comments: [
      memo("pmo", "南浜町・東山村の町村長レクを来週予定。レク資料は事務局で作成する。"),
      say("mLead", "南浜町は来週の庁議で説明する予定です。"),
    ],
  },
  {
    key: "d-tokucho", wg: "zeimu", title: "特別徴収税額通知書の様式統一",
    body: "## 提案内容\n特別徴収税額決定通知書は、標準仕様書の様式例に統一する。\n\n- 電子通知（eLTAX）を原則とする\n- 紙の通知の圧着はがき化は各団体の判断とする",
    rationale: "事業所の確認の手間を減らし、帳票の保守費用を下げるため。",
    status: "協議中", created: 12, consulted: 11, stanceDue: 3,
    stances: {
      kita: { stance: "賛成", approval: "決裁済" },
      mina: { stance: "賛成", approval: "庁内説明中" },
      nishi: { stance: "賛成", approval: "決裁済" },
      higa: { stance: null, approval: "未説明" },
      chuo: { stance: "保留", approval: "庁内説明中", comment: "圧着はがきへの変更は予算措置が必要なため、当初予算の査定後に回答する。" },
    },
    issues: [{ issue: "z-tokucho", relation: "related" }],
    comments: [say("cAdmin", "中央町は予算査定の後の回答となります。")],
  },
  {
    key: "d-tenshutsu", wg: "jumin", title: "転出証明書の様式統一",
    body: "## 提案内容（起案中）\n転出証明書は標準仕様書の様式例に統一する。世帯主欄は記載する。",
    rationale: "広域交付・ワンストップ化に備え、5団体で同じ記載事項とするため。",
    status: "起案", created: 6, sourceMeeting: "m-jumin6", stances: {},
    issues: [{ issue: "j-tenshutsu", relation: "related" }],
  },
];

export function buildDecisions(b: Build) {
  const { d, now, at, day, dateOf, weekdayBefore, weekdayAfter, officeHours, workDay, fail, orgId, userId, isGuest, projectTowns } = b;
  const { wgId, wgProject, wgMembers, wgLead, meetingId, meetingTimes, issueByKey, decisionId, noteIdByDecision, decisionFacts, pushComment } = b;
  // Decisions.
  const sequenceByYear = new Map<number, number>();
  DECISIONS.forEach((dec, i) => {
    const id = i + 1;
    const project = dec.wg ? wgProject[dec.wg] : 1;
    const towns = projectTowns[project];
    const createdAt = at(weekdayBefore(-dec.created), dec.sourceMeeting ? 17 : 10, 30 + ((i * 7) % 30));
    if (dec.sourceMeeting && createdAt <= meetingTimes[dec.sourceMeeting].endsAt) fail(`${dec.key}: drafted before its meeting`);
    const year = fiscalYear(dateOf(createdAt), FISCAL_YEAR_START);
    const sequence = (sequenceByYear.get(year) ?? 0) + 1;
    sequenceByYear.set(year, sequence);
    const number = decisionNumber(year, sequence);
    const consultAt = dec.consulted !== undefined ? at(weekdayAfter(-dec.consulted), 10, 30) : null;
    const decidedDay = dec.decided !== undefined ? weekdayBefore(-dec.decided) : null;
    const decidedAt = decidedDay !== null ? at(decidedDay, 17, 0) : null;
    const withdrawnAt = dec.withdrawn !== undefined ? at(weekdayBefore(-dec.withdrawn), 15, 0) : null;
    if (consultAt !== null && consultAt <= createdAt) fail(`${dec.key}: consulted before it was drafted`);
    if (consultAt !== null && (decidedAt ?? withdrawnAt ?? now) <= consultAt) fail(`${dec.key}: ended before consultation`);
    const reached = dec.status === "決定" || dec.status === "改定";
    if (reached !== (decidedAt !== null)) fail(`${dec.key}: decidedAt must be set exactly for 決定/改定`);
    const stanceWindowEnd = decidedAt ?? withdrawnAt ?? at(-1, 12, 0);

    const fact: DecisionFact = { id, number, title: dec.title, consultAt, decidedAt, endedAt: withdrawnAt, orgIds: [], history: [] };
    let lastTouch = Math.max(createdAt, decidedAt ?? 0, withdrawnAt ?? 0);
    towns.forEach((t, j) => {
      const oid = orgId[t];
      fact.orgIds.push(oid);
      d.decisionOrganization.push({ decisionId: id, organizationId: oid });
      const spec: StanceSpec = dec.stances[t] ?? (reached ? { stance: "賛成", approval: "決裁済" } : { stance: null, approval: "未説明" });
      if (reached && (spec.stance === null || !["賛成", "条件付賛成"].includes(spec.stance) || spec.approval !== "決裁済")) {
        fail(`${dec.key}: decided without every town's consent`);
      }
      const by = userId[TOWN_ADMIN[t]];
      const steps: { approval: Approval; at: number; approvedOn: string | null }[] = [];
      if (consultAt !== null && (spec.stance !== null || spec.approval !== "未説明")) {
        const window = stanceWindowEnd - consultAt;
        const inWindow = (fraction: number) =>
          Math.min(stanceWindowEnd - MIN, Math.max(consultAt + MIN, officeHours(consultAt + window * fraction)));
        const first = inWindow(0.15 + 0.1 * j);
        if (spec.approval === "決裁済") {
          const second = inWindow(0.55 + 0.08 * j);
          steps.push({ approval: "庁内説明中", at: first, approvedOn: null }, { approval: "決裁済", at: second, approvedOn: dateOf(second) });
        } else {
          steps.push({ approval: spec.approval, at: first, approvedOn: null });
        }
      }
      for (const s of steps) {
        d.decisionStanceHistory.push(stanceHistoryRow({
          id: d.decisionStanceHistory.length + 1, decisionId: id, organizationId: oid, stance: spec.stance,
          approval: s.approval, approvedOn: s.approvedOn, comment: spec.comment ?? "", recordedBy: by, createdAt: s.at,
        }));
        fact.history.push({ orgId: oid, stance: spec.stance, at: s.at });
        lastTouch = Math.max(lastTouch, s.at);
      }
      const last = steps[steps.length - 1];
      d.decisionStance.push(stanceRow({
        decisionId: id, organizationId: oid, stance: spec.stance, approval: spec.approval,
        approvedOn: last?.approvedOn ?? null, comment: spec.comment ?? "", recordedBy: last ? by : null,
        recordedAt: last?.at ?? null,
      }));
    });
    for (const link of dec.issues) d.decisionIssue.push({ decisionId: id, issueId: issueByKey[link.issue].id, relation: link.relation });
    (dec.comments ?? []).forEach((c, j) => {
      const author = { guest: isGuest(c.by) };
      if (author.guest && !(dec.vendor && dec.wg && wgMembers[dec.wg].has(c.by))) fail(`${dec.key}: vendor comment on a hidden decision`);
      const end = Math.min(stanceWindowEnd, now - HOUR);
      const when = Math.min(end, officeHours(createdAt + ((end - createdAt) * (j + 1)) / ((dec.comments?.length ?? 0) + 1)));
      pushComment({ decisionId: id }, c, when);
      lastTouch = Math.max(lastTouch, when);
    });
    const supersededBy = DECISIONS.findIndex((o) => o.supersedes === dec.key);
    d.decision.push(decisionRow({
      id, consortiumId: CONSORTIUM_ID, projectId: project, wgId: dec.wg ? wgId[dec.wg] : null, number, fiscalYear: year, sequence,
      title: dec.title, body: dec.body, rationale: dec.rationale, optionsConsidered: dec.options ?? "", status: dec.status,
      rule: decidedAt !== null ? "unanimity" : null,
      sourceMeetingId: dec.sourceMeeting ? meetingId[dec.sourceMeeting] : null,
      sourceNoteId: noteIdByDecision[dec.key] ?? null,
      supersedesId: dec.supersedes ? decisionId[dec.supersedes] : null,
      supersededById: supersededBy >= 0 ? supersededBy + 1 : null,
      stanceDueOn: dec.stanceDue !== undefined ? workDay(dec.stanceDue) : null,
      effectiveOn: decidedDay !== null ? day(weekdayAfter(decidedDay + 1)) : null,
      reviewOn: dec.reviewIn !== undefined ? workDay(dec.reviewIn) : null,
      withdrawnReason: dec.withdrawnReason ?? null, vendorVisible: dec.vendor ?? false, decidedAt,
      createdBy: dec.wg ? userId[wgLead(dec.wg)] : userId.pmo, createdAt, updatedAt: lastTouch,
    }));
    decisionFacts.push(fact);
  });
  // A superseded decision was last touched when its successor was decided.
  for (const row of d.decision) {
    if (row.supersededById) {
      const successor = d.decision[row.supersededById - 1];
      row.updatedAt = Math.max(row.updatedAt as number, successor.decidedAt ?? 0);
    }
  }
}
