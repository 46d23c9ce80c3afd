// The decision log: numbering by 年度, the decision rule, who may record which town's stance,
// the outcome (決定), supersession (改定), immutability, visibility.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  FACTORY_NOW,
  insertComment,
  insertDecision,
  insertIssue,
  insertMeeting,
  insertProject,
  insertRow,
  insertStickyNote,
  insertTown,
  insertUser,
  stanceHistoryRow,
  stanceRow,
  type Handle,
} from "../../db/factories";
import { db, schema, write } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import {
  addDecisionComment,
  createDecision,
  decisionComments,
  getDecision,
  linkIssue,
  listDecisions,
  nextDecisionNumber,
  parseDecisionFilter,
  parseStanceForm,
  pendingForTown,
  recordStance,
  startConsultation,
  tally,
  updateDecision,
  withdrawDecision,
  type Approval,
  type DecisionInput,
  type Stance,
  type StanceInput,
} from "./decision.server";
import { actor, insertExecutive, insertSmallConsortium, viewerOf } from "./test-support";
import { decisionsCsvRows } from "./decision-csv.server";
import { listNotifications } from "./inbox.server";

let KITA: number, MINA: number, HIGA: number, NISHI: number, CHUO: number;
let pmo: Viewer, staff: Viewer, kitaAdmin: Viewer, minaLead: Viewer, higaAdmin: Viewer, chuoAdmin: Viewer, exec: Viewer, vendor: Viewer;
/** The consortium, its project and the vendor's WG; a second project; an organization that is not a town. */
let consortiumId: number, projectId: number, wgId: number, otherProjectId: number, notATown: number;
/** A draft (起案), which cannot be revised; the issue a decided decision takes as its follow-up. */
let draftId: number, followUp: number;

const DAY = 86_400_000;
type StanceSpec = { stance: Stance | null; approval: Approval; comment?: string };

/**
 * A decision with its towns, each with its current stance; a town that has answered (a stance
 * or an approval under way) also has the history row that recorded it, by its admin.
 */
function insertDecisionWithStances(
  tx: Handle,
  overrides: Parameters<typeof insertDecision>[1],
  stances: [organizationId: number, spec: StanceSpec][],
  adminOf: Map<number, number>,
) {
  const row = insertDecision(tx, overrides);
  const at = overrides.decidedAt ?? (overrides.createdAt ?? FACTORY_NOW) + DAY;
  for (const [organizationId, spec] of stances) {
    const answered = spec.stance !== null || spec.approval !== "未説明";
    const recordedBy = answered ? adminOf.get(organizationId)! : null;
    const approvedOn = spec.approval === "決裁済" ? new Date(at).toISOString().slice(0, 10) : null;
    insertRow(tx, schema.decisionOrganization, { decisionId: row.id, organizationId });
    insertRow(tx, schema.decisionStance, stanceRow({ decisionId: row.id, organizationId, ...spec, approvedOn, recordedBy, recordedAt: answered ? at : null }));
    if (recordedBy) {
      insertRow(tx, schema.decisionStanceHistory, stanceHistoryRow({ decisionId: row.id, organizationId, ...spec, approvedOn, recordedBy, createdAt: at }));
    }
  }
  return row;
}

// Five towns with their admins (南浜町's is the WG lead), leadership, a second project, the
// follow-up issue, a 所属長連絡会 with the note a decision was drafted from, and decisions in
// every state: decided (one shared in the vendor's WG, one shared without a WG, one drafted
// from the note and revising an older one, now 改定), in consultation (one on each rule's
// edge), withdrawn, and a draft.
beforeAll(async () => {
  const { consortium, towns, office, project, wg, users } = await insertSmallConsortium();
  [consortiumId, projectId, wgId, notATown] = [consortium.id, project.id, wg.id, office.id];
  await write((tx) => {
    const town = (name: string, nameKana: string) => insertTown(tx, { consortiumId, name, nameKana }).id;
    [KITA, MINA, HIGA, NISHI, CHUO] = [towns.kitagawa.id, towns.minamihama.id, town("東山村", "ひがしやまむら"), town("西原市", "にしはらし"), town("中央町", "ちゅうおうちょう")];
    const admin = (organizationId: number, email: string, displayName: string) =>
      insertUser(tx, { organizationId, email, displayName, rank: "所属長", orgAdmin: true, wgs: [{ wgId }] }).id;
    const adminOf = new Map([
      [KITA, admin(KITA, "admin@kitagawa.demo.renkei.jp", "渡辺 真一")],
      [MINA, users.lead.id],
      [HIGA, admin(HIGA, "admin@higashiyama.demo.renkei.jp", "中村 直樹")],
      [NISHI, admin(NISHI, "admin@nishihara.demo.renkei.jp", "小林 恵子")],
      [CHUO, admin(CHUO, "admin@chuo.demo.renkei.jp", "加藤 誠")],
    ]);
    insertExecutive(tx, office.id);
    otherProjectId = insertProject(tx, { consortiumId, name: "文書管理システム共同利用", townIds: [KITA, HIGA, CHUO] }).id;
    followUp = insertIssue(tx, { consortiumId, wgId, createdBy: users.lead.id, title: "住民票の写しの様式の移行手順" }).number;
    const renraku = insertMeeting(tx, {
      consortiumId, projectId, kind: "連絡会", rank: "所属長", title: "第2回 所属長連絡会", state: "確定", startsAt: FACTORY_NOW - 25 * DAY, createdBy: users.pmo.id,
    });
    const note = insertStickyNote(tx, { meetingId: renraku.id, authorId: users.pmo.id, kind: "決定", text: "納税通知書等は共同印刷の対象外とする" });

    const all = (spec: StanceSpec, except: [number, StanceSpec][] = []): [number, StanceSpec][] =>
      [KITA, MINA, HIGA, NISHI, CHUO].map((id) => except.find(([e]) => e === id) ?? [id, spec]);
    const agreed: StanceSpec = { stance: "賛成", approval: "決裁済" };
    const decided = (daysAgo: number) =>
      ({ status: "決定" as const, rule: "unanimity" as const, createdAt: FACTORY_NOW - (daysAgo + 20) * DAY, decidedAt: FACTORY_NOW - daysAgo * DAY });
    const base = { consortiumId, projectId, createdBy: users.pmo.id };
    insertDecisionWithStances(tx, { ...base, ...decided(180), title: "標準準拠システムのノンカスタマイズ原則", vendorVisible: true }, all(agreed), adminOf);
    const printOld = insertDecisionWithStances(tx, { ...base, ...decided(150), status: "改定", title: "大量帳票の共同外部印刷の採用" }, all(agreed), adminOf);
    const gaiji = insertDecisionWithStances(
      tx,
      { ...base, ...decided(27), wgId, createdBy: users.lead.id, title: "外字の同定基準（文字情報基盤への同定・縮退のルール）", vendorVisible: true },
      all(agreed, [[HIGA, { stance: "条件付賛成", approval: "決裁済", comment: "同定できない外字が残る場合は、住民への個別通知の方法を別途協議すること。" }]]),
      adminOf,
    );
    const onGaiji = { consortiumId, decisionId: gaiji.id };
    insertComment(tx, { ...onGaiji, authorId: users.vendor.id, body: "承知しました。移行ツールの縮退マップに同定基準を反映します。", createdAt: FACTORY_NOW - 26 * DAY });
    insertComment(tx, { ...onGaiji, authorId: users.pmo.id, body: "事業者による同定作業の費用は本決定の範囲外。費用協議は別途行う。", internal: true, createdAt: FACTORY_NOW - 25 * DAY });
    const printNew = insertDecisionWithStances(
      tx,
      {
        ...base, ...decided(10), title: "大量帳票の共同外部印刷の採用（改定：納税通知書等を対象外とする）", supersedesId: printOld.id,
        sourceMeetingId: renraku.id, sourceNoteId: note.id,
      },
      all(agreed, [[MINA, { stance: "条件付賛成", approval: "決裁済", comment: "同封物の取扱いは来年度に再確認すること。" }]]),
      adminOf,
    );
    tx.update(schema.decision).set({ supersededById: printNew.id }).where(eq(schema.decision.id, printOld.id)).run();
    const consulting = { status: "協議中" as const, createdAt: FACTORY_NOW - 20 * DAY };
    insertDecisionWithStances(
      tx,
      { ...base, ...consulting, wgId, title: "ガバメントクラウド接続回線の費用按分方式", sourceMeetingId: renraku.id },
      [
        [KITA, agreed],
        [MINA, { stance: "保留", approval: "庁内説明中", comment: "人口割の比率について、町長への説明が必要。" }],
        [HIGA, { stance: null, approval: "未説明" }],
        [NISHI, { stance: "条件付賛成", approval: "庁内説明中", comment: "距離による追加費用は全体按分とすること。" }],
        [CHUO, { stance: null, approval: "庁内説明中" }],
      ],
      adminOf,
    );
    insertDecisionWithStances(
      tx,
      { ...base, ...consulting, wgId, title: "特別徴収税額通知書の様式統一" },
      [
        [KITA, agreed],
        [MINA, { stance: "賛成", approval: "庁内説明中" }],
        [HIGA, { stance: null, approval: "未説明" }],
        [NISHI, agreed],
        [CHUO, { stance: "保留", approval: "庁内説明中", comment: "圧着はがきへの変更は予算査定の後に回答する。" }],
      ],
      adminOf,
    );
    insertDecisionWithStances(
      tx,
      {
        ...base, status: "取下げ", createdAt: FACTORY_NOW - 100 * DAY, title: "南浜町独自様式の納付書の継続使用",
        withdrawnReason: "標準様式の納付書でも取扱い可能と確認できたため。",
      },
      [[KITA, { stance: "反対", approval: "庁内説明中", comment: "ノンカスタマイズ原則の例外とする理由が弱い。" }]],
      adminOf,
    );
    draftId = insertDecision(tx, { ...base, wgId, title: "転出証明書の様式統一", createdAt: FACTORY_NOW - 6 * DAY }).id;
  });
  pmo = await viewerOf("pmo@demo.renkei.jp");
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
  kitaAdmin = await viewerOf("admin@kitagawa.demo.renkei.jp");
  minaLead = await viewerOf("lead@minamihama.demo.renkei.jp");
  higaAdmin = await viewerOf("admin@higashiyama.demo.renkei.jp");
  chuoAdmin = await viewerOf("admin@chuo.demo.renkei.jp");
  exec = await viewerOf("exec@demo.renkei.jp");
  vendor = await viewerOf("vendor@vendor-a.demo.renkei.jp");
});

function input(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    projectId,
    wgId,
    title: "住民票の写しの様式統一",
    body: "標準様式例に統一する。",
    rationale: "",
    optionsConsidered: "",
    organizationIds: [KITA, MINA, HIGA],
    relatedIssues: [],
    stanceDueOn: null,
    reviewOn: null,
    vendorVisible: false,
    ...overrides,
  };
}
const agree = (organizationId: number, stance: StanceInput["stance"] = "賛成", comment = ""): StanceInput => ({ organizationId, stance, comment, approval: "決裁済", approvedOn: "2026-11-20" });
const NOW = Date.parse("2026-11-22T03:00:00Z");

async function draftAndConsult(overrides: Partial<DecisionInput> = {}, supersedesId: number | null = null) {
  const made = await createDecision({ viewer: pmo, actor: actor(pmo), input: input(overrides), supersedesId, now: NOW });
  if (!made.ok) throw new Error(JSON.stringify(made));
  expect(await startConsultation({ viewer: pmo, actor: actor(pmo), id: made.id, now: NOW })).toEqual({ ok: true });
  return made;
}

describe("numbering (D-<年度>-NNN, 年度 from April)", () => {
  it("numbers within the fiscal year of the day in Japan, restarting on 1 April", async () => {
    // 2027-03-31 23:30 JST is still 年度 2026; 2027-04-01 00:30 JST is 年度 2027.
    const march = await nextDecisionNumber(db, consortiumId, Date.parse("2027-03-31T14:30:00Z"));
    const april = await nextDecisionNumber(db, consortiumId, Date.parse("2027-03-31T15:30:00Z"));
    expect(march.fiscalYear).toBe(2026);
    expect(march.number).toMatch(/^D-2026-\d{3}$/);
    expect(april).toEqual({ fiscalYear: 2027, sequence: 1, number: "D-2027-001" });
  });

  it("gives a new decision the next number of the year", async () => {
    const before = await nextDecisionNumber(db, consortiumId, NOW);
    const made = await createDecision({ viewer: pmo, actor: actor(pmo), input: input({ title: "番号の確認" }), now: NOW });
    expect(made).toMatchObject({ ok: true, number: before.number });
    expect((await nextDecisionNumber(db, consortiumId, NOW)).sequence).toBe(before.sequence + 1);
  });
});

describe("the decision rule", () => {
  const s = (...stances: (StanceInput["stance"])[]) => stances.map((stance, i) => ({ organizationId: i + 1, stance }));
  it("unanimity needs every participating town to agree (条件付賛成 counts)", () => {
    expect(tally("unanimity", s("賛成", "条件付賛成", "賛成")).reached).toBe(true);
    const t = tally("unanimity", s("賛成", null, "保留"));
    expect(t).toMatchObject({ reached: false, agreeing: 1, required: 3, missing: [2], holding: [3] });
    expect(tally("unanimity", []).reached).toBe(false);
  });
  it("two thirds needs ⌈2n/3⌉ agreeing towns", () => {
    expect(tally("two_thirds", s("賛成", "賛成", "賛成", "反対", null))).toMatchObject({ reached: false, required: 4, agreeing: 3 });
    expect(tally("two_thirds", s("賛成", "賛成", "条件付賛成", "賛成", "反対")).reached).toBe(true);
    expect(tally("two_thirds", s("賛成", "賛成", "反対")).reached).toBe(true);
  });
  it("a majority needs more than half: ⌊n/2⌋ + 1 agreeing towns", () => {
    expect(tally("majority", s("賛成", "賛成", "反対", "保留"))).toMatchObject({ reached: false, required: 3, agreeing: 2 });
    expect(tally("majority", s("賛成", "条件付賛成", "反対", null, null))).toMatchObject({ reached: false, required: 3 });
    expect(tally("majority", s("賛成", "条件付賛成", "反対")).reached).toBe(true);
    expect(tally("majority", []).reached).toBe(false);
  });
  it("with the approval setting, 決定 also waits for every town's 決裁済", () => {
    const stances = [
      { organizationId: 1, stance: "賛成" as const, approval: "決裁済" as const },
      { organizationId: 2, stance: "賛成" as const, approval: "庁内説明中" as const },
      { organizationId: 3, stance: "反対" as const, approval: null },
    ];
    expect(tally("two_thirds", stances).reached).toBe(true);
    expect(tally("two_thirds", stances, true)).toMatchObject({ reached: false, approvalRequired: true, awaitingApproval: [2, 3] });
    expect(tally("two_thirds", stances.map((s) => ({ ...s, approval: "決裁済" as const })), true).reached).toBe(true);
  });
});

describe("stances", () => {
  it("only that town's admin (or its WG lead) records its stance; never the PMO or another town", async () => {
    const made = await draftAndConsult();
    const refused = (viewer: Viewer, org: number) => recordStance({ viewer, actor: actor(viewer), id: made.id, input: agree(org), now: NOW });
    expect(await refused(pmo, KITA)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await refused(kitaAdmin, HIGA)).toMatchObject({ ok: false, kind: "forbidden", errors: { form: "decisions.stanceNotYours" } });
    expect(await refused(staff, KITA)).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await refused(chuoAdmin, CHUO)).toMatchObject({ ok: false, kind: "forbidden" }); // 中央町 does not take part
    expect(db.select().from(schema.decisionStanceHistory).where(eq(schema.decisionStanceHistory.decisionId, made.id)).all()).toHaveLength(0);
  });

  it("asks for the condition, the reason and the approval date", () => {
    const form = (values: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(values)) f.set(k, v);
      return parseStanceForm(f).errors;
    };
    expect(form({ organizationId: "1", stance: "条件付賛成", comment: "", approval: "未説明" })).toEqual({ comment: "decisions.conditionRequired" });
    expect(form({ organizationId: "1", stance: "反対", comment: " ", approval: "未説明" })).toEqual({ comment: "decisions.reasonRequired" });
    expect(form({ organizationId: "1", stance: "賛成", comment: "", approval: "決裁済", approvedOn: "" })).toEqual({ approvedOn: "decisions.approvedOnRequired" });
    expect(form({ organizationId: "1", stance: "たぶん", comment: "", approval: "未説明" })).toEqual({ stance: "decisions.stanceInvalid" });
    expect(form({ organizationId: "1", stance: "", comment: "", approval: "庁内説明中" })).toBeNull();
  });

  it("with the approval setting, waits for the last town's 決裁済, and keeps the setting it was decided under", async () => {
    await write((tx) => tx.update(schema.consortium).set({ approvalRequired: true }).where(eq(schema.consortium.id, pmo.consortiumId)).run());
    try {
      const made = await draftAndConsult();
      await recordStance({ viewer: kitaAdmin, actor: actor(kitaAdmin), id: made.id, input: agree(KITA), now: NOW });
      await recordStance({ viewer: minaLead, actor: actor(minaLead), id: made.id, input: agree(MINA), now: NOW + 1 });
      const pending = { ...agree(HIGA), approval: "庁内説明中" as const, approvedOn: null };
      expect(await recordStance({ viewer: higaAdmin, actor: actor(higaAdmin), id: made.id, input: pending, now: NOW + 2 })).toEqual({ ok: true, decided: false });
      expect((await getDecision({ viewer: pmo, id: made.id }))!.tally).toMatchObject({ reached: false, agreeing: 3, approvalRequired: true, awaitingApproval: [HIGA] });
      expect(await recordStance({ viewer: higaAdmin, actor: actor(higaAdmin), id: made.id, input: agree(HIGA), now: NOW + 3 })).toEqual({ ok: true, decided: true });
      expect((await getDecision({ viewer: pmo, id: made.id }))!).toMatchObject({ status: "決定", approvalRequired: true });
    } finally {
      await write((tx) => tx.update(schema.consortium).set({ approvalRequired: false }).where(eq(schema.consortium.id, pmo.consortiumId)).run());
    }
  });

  it("becomes 決定 when the last town agrees, keeps every change, and never changes again", async () => {
    const made = await draftAndConsult();
    expect(await recordStance({ viewer: kitaAdmin, actor: actor(kitaAdmin), id: made.id, input: { ...agree(KITA), approval: "庁内説明中", approvedOn: null }, now: NOW })).toEqual({ ok: true, decided: false });
    expect(await recordStance({ viewer: kitaAdmin, actor: actor(kitaAdmin), id: made.id, input: agree(KITA), now: NOW + 1 })).toEqual({ ok: true, decided: false });
    expect(await recordStance({ viewer: minaLead, actor: actor(minaLead), id: made.id, input: agree(MINA, "条件付賛成", "様式の経過措置を設けること。"), now: NOW + 2 })).toEqual({ ok: true, decided: false });

    const waiting = (await getDecision({ viewer: pmo, id: made.id }))!;
    expect(waiting.status).toBe("協議中");
    expect(waiting.tally).toMatchObject({ reached: false, agreeing: 2, required: 3, missing: [HIGA] });
    expect((await listDecisions({ viewer: pmo, filter: parseDecisionFilter(new URLSearchParams(`missing=${HIGA}`)) })).map((r) => r.id)).toContain(made.id);
    expect((await pendingForTown({ viewer: higaAdmin }))!.map((r) => r.id)).toContain(made.id);

    expect(await recordStance({ viewer: higaAdmin, actor: actor(higaAdmin), id: made.id, input: agree(HIGA), now: NOW + 3 })).toEqual({ ok: true, decided: true });
    const decided = (await getDecision({ viewer: pmo, id: made.id }))!;
    expect(decided).toMatchObject({ status: "決定", rule: "unanimity", decidedAt: NOW + 3, effectiveOn: "2026-11-22" });
    expect(decided.history.map((h) => [h.organizationName, h.stance, h.approval])).toEqual([
      ["東山村", "賛成", "決裁済"],
      ["南浜町", "条件付賛成", "決裁済"],
      ["北川市", "賛成", "決裁済"],
      ["北川市", "賛成", "庁内説明中"],
    ]);
    expect((await pendingForTown({ viewer: higaAdmin }))!.map((r) => r.id)).not.toContain(made.id);

    // Immutable from now on: text, stances, withdrawal of stances.
    expect(await updateDecision({ viewer: pmo, actor: actor(pmo), id: made.id, input: input({ title: "書き換え" }) })).toMatchObject({ ok: false, kind: "conflict" });
    expect(await recordStance({ viewer: kitaAdmin, actor: actor(kitaAdmin), id: made.id, input: agree(KITA, "反対", "やはり反対"), now: NOW + 4 })).toMatchObject({ ok: false, kind: "conflict" });
    expect((await getDecision({ viewer: pmo, id: made.id }))!.title).toBe("住民票の写しの様式統一");
    expect((await getDecision({ viewer: pmo, id: made.id }))!.history).toHaveLength(4);
    // …but follow-up actions can still be added.
    expect(await linkIssue({ viewer: pmo, actor: actor(pmo), id: made.id, number: followUp, relation: "follow_up" })).toEqual({ ok: true });
    expect((await getDecision({ viewer: pmo, id: made.id }))!.followUps.map((i) => i.number)).toEqual([followUp]);
  });

  it("a consortium on the two-thirds rule decides with 4 of 5 towns and stores the rule used", async () => {
    await write((tx) => tx.update(schema.consortium).set({ decisionRule: "two_thirds" }).run());
    try {
      const tokucho = db.select().from(schema.decision).where(eq(schema.decision.title, "特別徴収税額通知書の様式統一")).get()!;
      expect(tokucho.status).toBe("協議中");
      const result = await recordStance({ viewer: higaAdmin, actor: actor(higaAdmin), id: tokucho.id, input: agree(HIGA), now: NOW });
      expect(result).toEqual({ ok: true, decided: true });
      expect(db.select().from(schema.decision).where(eq(schema.decision.id, tokucho.id)).get()).toMatchObject({ status: "決定", rule: "two_thirds" });
    } finally {
      await write((tx) => tx.update(schema.consortium).set({ decisionRule: "unanimity" }).run());
    }
  });
});

describe("supersession and withdrawal", () => {
  it("a revision, once decided, turns the original into 改定 and both link to each other", async () => {
    const original = await draftAndConsult({ title: "原案", organizationIds: [KITA] });
    await recordStance({ viewer: kitaAdmin, actor: actor(kitaAdmin), id: original.id, input: agree(KITA), now: NOW });
    expect(await createDecision({ viewer: pmo, actor: actor(pmo), input: input(), supersedesId: draftId, now: NOW })).toMatchObject({ ok: false, kind: "conflict" }); // a draft cannot be revised

    const revision = await draftAndConsult({ title: "改定案", organizationIds: [KITA] }, original.id);
    expect((await getDecision({ viewer: pmo, id: original.id }))!.revision).toMatchObject({ id: revision.id, status: "協議中" });
    await recordStance({ viewer: kitaAdmin, actor: actor(kitaAdmin), id: revision.id, input: agree(KITA), now: NOW + 5 });

    const old = (await getDecision({ viewer: pmo, id: original.id }))!;
    const fresh = (await getDecision({ viewer: pmo, id: revision.id }))!;
    expect(old).toMatchObject({ status: "改定" });
    expect(old.supersededBy).toMatchObject({ id: revision.id, number: revision.number });
    expect(fresh.supersedes).toMatchObject({ id: original.id, status: "改定" });
    // The original's stances stay as they were.
    expect(old.stances.map((s) => s.stance)).toEqual(["賛成"]);
  });

  it("withdrawal needs a reason and ends the decision", async () => {
    const made = await draftAndConsult({ title: "取り下げる案" });
    expect(await withdrawDecision({ viewer: pmo, actor: actor(pmo), id: made.id, reason: "  " })).toMatchObject({ ok: false, kind: "invalid", errors: { reason: expect.any(String) } });
    expect(await withdrawDecision({ viewer: staff, actor: actor(staff), id: made.id, reason: "不要" })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await withdrawDecision({ viewer: pmo, actor: actor(pmo), id: made.id, reason: "国の通知で不要になった" })).toEqual({ ok: true });
    expect(await getDecision({ viewer: pmo, id: made.id })).toMatchObject({ status: "取下げ", withdrawnReason: "国の通知で不要になった" });
    expect(await recordStance({ viewer: kitaAdmin, actor: actor(kitaAdmin), id: made.id, input: agree(KITA) })).toMatchObject({ ok: false, kind: "conflict" });
  });
});

describe("bad input stores nothing", () => {
  it("refuses unknown towns, WGs of another project, unknown issues and vendor sharing without a WG", async () => {
    const count = () => db.select().from(schema.decision).all().length;
    const before = count();
    expect(await createDecision({ viewer: pmo, actor: actor(pmo), input: input({ organizationIds: [] }) })).toMatchObject({ ok: false, kind: "invalid", errors: { organizationIds: expect.any(String) } });
    expect(await createDecision({ viewer: pmo, actor: actor(pmo), input: input({ organizationIds: [notATown] }) })).toMatchObject({ ok: false, kind: "invalid", errors: { organizationIds: expect.any(String) } });
    expect(await createDecision({ viewer: pmo, actor: actor(pmo), input: input({ projectId: otherProjectId, wgId }) })).toMatchObject({ ok: false, kind: "invalid", errors: { wgId: expect.any(String) } });
    expect(await createDecision({ viewer: pmo, actor: actor(pmo), input: input({ relatedIssues: [99999] }) })).toMatchObject({ ok: false, kind: "invalid", errors: { relatedIssues: expect.any(String) } });
    expect(await createDecision({ viewer: pmo, actor: actor(pmo), input: input({ wgId: null, vendorVisible: true }) })).toMatchObject({ ok: false, kind: "invalid", errors: { vendorVisible: expect.any(String) } });
    expect(await createDecision({ viewer: exec, actor: actor(exec), input: input() })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(await createDecision({ viewer: vendor, actor: actor(vendor), input: input() })).toMatchObject({ ok: false, kind: "forbidden" });
    expect(count()).toBe(before);
  });
});

describe("visibility", () => {
  it("leadership sees decided (and superseded) decisions only; vendors only those shared in their WG, without stances", async () => {
    expect(new Set((await listDecisions({ viewer: exec })).map((r) => r.status))).toEqual(new Set(["決定", "改定"]));
    expect((await listDecisions({ viewer: exec })).every((r) => r.stances.length === 0)).toBe(true);
    const shared = await listDecisions({ viewer: vendor });
    expect(shared.map((r) => r.title)).toEqual(["外字の同定基準（文字情報基盤への同定・縮退のルール）"]);
    expect(shared[0].stances).toEqual([]);
    const gaiji = (await getDecision({ viewer: vendor, id: shared[0].id }))!;
    expect(gaiji.stances).toEqual([]);
    expect(gaiji.history).toEqual([]);
    const kaisen = db.select().from(schema.decision).where(eq(schema.decision.title, "ガバメントクラウド接続回線の費用按分方式")).get()!;
    expect(await getDecision({ viewer: vendor, id: kaisen.id })).toBeNull();
    expect(await getDecision({ viewer: exec, id: kaisen.id })).toBeNull();
    // 「自団体の対応待ち」 is for town staff only.
    for (const viewer of [pmo, exec, vendor]) expect(await pendingForTown({ viewer })).toBeNull();
  });

  it("a decision drafted from a note names its meeting only to those who may see it, and never carries its id otherwise", async () => {
    const meeting = db.select().from(schema.meeting).where(eq(schema.meeting.title, "第2回 所属長連絡会")).get()!;
    const drafted = db.select().from(schema.decision).where(eq(schema.decision.sourceMeetingId, meeting.id)).all().find((d) => d.status === "決定")!;
    expect(drafted).toBeDefined();
    const forExec = (await getDecision({ viewer: exec, id: drafted.id }))!;
    expect(forExec.sourceMeeting).toBeNull();
    const data = JSON.stringify(forExec);
    expect(data).not.toContain(meeting.title);
    expect(data).not.toMatch(/"source(Meeting|Note)Id"/);
    expect((await getDecision({ viewer: staff, id: drafted.id }))!.sourceMeeting).toMatchObject({ id: meeting.id, title: meeting.title, noteId: drafted.sourceNoteId });
  });

  it("the CSV carries each town's stance for insiders and none for leadership", async () => {
    const [header, ...rows] = await decisionsCsvRows({ viewer: pmo, filter: { status: "協議中" }, locale: "ja" });
    expect(header).toContain("東山村（賛否／庁内決裁）");
    const kaisen = rows.find((r) => r[1] === "ガバメントクラウド接続回線の費用按分方式")!;
    expect(kaisen.slice(-5)).toEqual(["賛成／決裁済", "保留／庁内説明中", "未回答／未説明", "条件付賛成／庁内説明中", "未回答／庁内説明中"]);
    const [execHeader] = await decisionsCsvRows({ viewer: exec, filter: {}, locale: "ja" });
    expect(execHeader.some((h) => h.includes("賛否"))).toBe(false);
    // Headers follow the requester's language; the stored words (ADR 015) stay as stored.
    const [enHeader, ...enRows] = await decisionsCsvRows({ viewer: pmo, filter: { status: "協議中" }, locale: "en" });
    expect(enHeader.slice(0, 3)).toEqual(["No.", "Subject", "Status"]);
    expect(enHeader).toContain("東山村 (stance / internal approval)");
    expect(enRows.find((r) => r[1] === kaisen[1])!.slice(-3)[0]).toBe("No answer / 未説明");
  });
});

describe("discussion", () => {
  it("vendors never read or write internal memos on a shared decision; leadership cannot comment", async () => {
    const gaiji = db.select().from(schema.decision).where(eq(schema.decision.title, "外字の同定基準（文字情報基盤への同定・縮退のルール）")).get()!;
    const memo = "事業者による同定作業の費用は本決定の範囲外。";
    expect((await decisionComments({ viewer: pmo, decisionId: gaiji.id })).some((c) => c.body.includes(memo))).toBe(true);
    expect((await decisionComments({ viewer: vendor, decisionId: gaiji.id })).some((c) => c.body.includes(memo))).toBe(false);
    expect((await decisionComments({ viewer: vendor, decisionId: gaiji.id })).length).toBeGreaterThan(0);

    expect(await addDecisionComment({ viewer: vendor, actor: actor(vendor), id: gaiji.id, body: "承知しました。", internal: true })).toEqual({ ok: true });
    const mine = (await decisionComments({ viewer: pmo, decisionId: gaiji.id })).at(-1)!;
    expect(mine).toMatchObject({ body: "承知しました。", internal: false });
    expect(await addDecisionComment({ viewer: exec, actor: actor(exec), id: gaiji.id, body: "確認", internal: false })).toMatchObject({ ok: false, kind: "forbidden" });
    const kaisen = db.select().from(schema.decision).where(eq(schema.decision.title, "ガバメントクラウド接続回線の費用按分方式")).get()!;
    expect(await addDecisionComment({ viewer: vendor, actor: actor(vendor), id: kaisen.id, body: "?", internal: false })).toMatchObject({ ok: false, kind: "not-found" });
  });
});

describe("notifications", () => {
  it("consultation asks each participating town; the outcome reaches the watchers", async () => {
    const made = await draftAndConsult({ title: "通知の確認", organizationIds: [KITA, HIGA] });
    const about = async (viewer: Viewer) => (await listNotifications({ viewer })).filter((n) => n.url === `/decisions/${made.id}`);
    expect((await about(higaAdmin)).map((n) => n.kind)).toEqual(["stance"]);
    expect(await about(minaLead)).toEqual([]); // 南浜町 is not asked
    await recordStance({ viewer: kitaAdmin, actor: actor(kitaAdmin), id: made.id, input: agree(KITA), now: NOW + 1 });
    await recordStance({ viewer: higaAdmin, actor: actor(higaAdmin), id: made.id, input: agree(HIGA), now: NOW + 2 });
    expect((await about(pmo)).length).toBeGreaterThan(0); // the author watches it
  });
});
