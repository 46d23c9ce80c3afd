// The consortium's settings: the PMO only, each change audited with what it was, and the
// discussion rules' history read back from those changes.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema } from "~/utils/db.server";
import type { Viewer } from "~/policy/permissions";
import { discussionRulesHistory, discussionRulesOf, getConsortiumSettings, updateConsortiumSettings, type ConsortiumSettings } from "./consortium-settings.server";
import { actor, insertSmallConsortium, viewerOf } from "./test-support";

let pmo: Viewer, staff: Viewer, vendor: Viewer;
const settings = (overrides: Partial<ConsortiumSettings> = {}): ConsortiumSettings => ({
  name: "北部広域協議会",
  legalForm: "連携協約",
  fiscalYearStartMonth: 4,
  decisionRule: "two_thirds",
  approvalRequired: false,
  discussionRules: "## 会議のルール\n- 発言は簡潔に",
  ...overrides,
});

beforeAll(async () => {
  await insertSmallConsortium();
  [pmo, staff, vendor] = await Promise.all(["pmo@demo.renkei.jp", "staff@kitagawa.demo.renkei.jp", "vendor@vendor-a.demo.renkei.jp"].map(viewerOf));
});

describe("consortium settings", () => {
  it("are the PMO's alone", async () => {
    for (const viewer of [staff, vendor]) {
      expect(await getConsortiumSettings({ viewer })).toMatchObject({ ok: false });
      expect(await updateConsortiumSettings({ viewer, actor: actor(viewer), input: settings() })).toMatchObject({ ok: false });
      expect(await discussionRulesHistory({ viewer })).toEqual([]);
    }
    expect(db.select().from(schema.consortium).get()!.name).toBe("テスト広域協議会");
  });

  it("save what changed, audited with the values before, and keep the rules' history", async () => {
    expect(await updateConsortiumSettings({ viewer: pmo, actor: actor(pmo), input: settings() })).toEqual({ ok: true, changed: true });
    expect(await getConsortiumSettings({ viewer: pmo })).toMatchObject({ ok: true, settings: settings() });
    const audited = db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "consortium.update")).get()!;
    expect(JSON.parse(audited.before!)).toMatchObject({ name: "テスト広域協議会", decisionRule: "unanimity" });
    // Saving the same again changes nothing and writes no audit row.
    expect(await updateConsortiumSettings({ viewer: pmo, actor: actor(pmo), input: settings() })).toEqual({ ok: true, changed: false });
    await updateConsortiumSettings({ viewer: pmo, actor: actor(pmo), input: settings({ name: "北部広域 協議会" }) });
    await updateConsortiumSettings({ viewer: pmo, actor: actor(pmo), input: settings({ name: "北部広域 協議会", discussionRules: "- 相手の意見を否定しない" }) });
    const history = await discussionRulesHistory({ viewer: pmo });
    expect(history.map((h) => h.rules)).toEqual(["- 相手の意見を否定しない", "## 会議のルール\n- 発言は簡潔に"]);
    expect(history[0].actorName).toBe("佐藤 美咲");
    // Every member (and a guest who sees a meeting) reads the current rules.
    expect(await discussionRulesOf(vendor)).toBe("- 相手の意見を否定しない");
  });
});
