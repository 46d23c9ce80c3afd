// The decision log against the demo consortium: numbering by 年度, the decision rule, who may
// record which town's stance, the outcome (決定), supersession (改定), immutability, visibility.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoConsortium } from "../../db/seed";
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
  type DecisionInput,
  type StanceInput,
} from "./decision.server";
import { actor, viewerOf } from "./test-support";
import { decisionsCsvRows } from "./decision-csv.server";
import { listNotifications } from "./inbox.server";

const KITA = 1, MINA = 2, HIGA = 3, NISHI = 4, CHUO = 5;
let pmo: Viewer, staff: Viewer, kitaAdmin: Viewer, minaLead: Viewer, higaAdmin: Viewer, chuoAdmin: Viewer, exec: Viewer, vendor: Viewer;

beforeAll(async () => {
  await seedDemoConsortium();
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
    projectId: 1,
    wgId: 1,
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
    const march = await nextDecisionNumber(db, 1, Date.parse("2027-03-31T14:30:00Z"));
    const april = await nextDecisionNumber(db, 1, Date.parse("2027-03-31T15:30:00Z"));
    expect(march.fiscalYear).toBe(2026);
    expect(march.number).toMatch(/^D-2026-\d{3}$/);
    expect(april).toEqual({ fiscalYear: 2027, sequence: 1, number: "D-2027-001" });
  });

  it("gives a new decision the next number of the year", async () => {
    const before = await nextDecisionNumber(db, 1, NOW);
    const made = await createDecision({ viewer: pmo, actor: actor(pmo), input: input({ title: "番号の確認" }), now: NOW });
    expect(made).toMatchObject({ ok: true, number: before.number });
    expect((await nextDecisionNumber(db, 1, NOW)).sequence).toBe(before.sequence + 1);
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
    expect(await linkIssue({ viewer: pmo, actor: actor(pmo), id: made.id, number: 1, relation: "follow_up" })).toEqual({ ok: true });
    expect((await getDecision({ viewer: pmo, id: made.id }))!.followUps.map((i) => i.number)).toEqual([1]);
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
    expect(await createDecision({ viewer: pmo, actor: actor(pmo), input: input(), supersedesId: 8, now: NOW })).toMatchObject({ ok: false, kind: "conflict" }); // a draft cannot be revised

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
    expect(await createDecision({ viewer: pmo, actor: actor(pmo), input: input({ organizationIds: [6] }) })).toMatchObject({ ok: false, kind: "invalid", errors: { organizationIds: expect.any(String) } });
    expect(await createDecision({ viewer: pmo, actor: actor(pmo), input: input({ projectId: 2, wgId: 1 }) })).toMatchObject({ ok: false, kind: "invalid", errors: { wgId: expect.any(String) } });
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
