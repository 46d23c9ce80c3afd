// A new installation: one setup token until the first consortium exists, and a setup that
// creates the consortium, its secretariat and the first PMO at once, then never again.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { loadViewer } from "~/utils/auth.server";
import { db, schema } from "~/utils/db.server";
import { verifyPassword } from "~/utils/password.server";
import { isInstalled, isSetupToken, setupToken, setUpInstallation, type SetupInput } from "./installation.server";
import { personOf } from "./test-support";

const input: SetupInput = {
  consortiumName: "北部広域 自治体システム標準化協議会",
  legalForm: "連携協約",
  fiscalYearStartMonth: 4,
  decisionRule: "two_thirds",
  organizationName: "北川市",
  organizationKind: "municipality",
  displayName: "山田 花子",
  displayNameKana: "やまだ はなこ",
  department: "情報政策課",
  email: "yamada@city.kitagawa.lg.jp",
};

describe("the first setup", () => {
  it("keeps one token until the setup is done, and checks it exactly", async () => {
    expect(isInstalled()).toBe(false);
    const token = (await setupToken())!;
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(await setupToken()).toBe(token);
    expect(isSetupToken(token)).toBe(true);
    for (const wrong of ["", token.slice(1), `${token}x`, token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase()]) expect(isSetupToken(wrong)).toBe(false);
  });

  it("refuses a wrong token and a taken e-mail without writing anything", async () => {
    expect(await setUpInstallation({ token: "wrong", input, password: "correct horse 1" })).toMatchObject({ ok: false, kind: "not-found" });
    expect(isInstalled()).toBe(false);
  });

  it("creates the consortium, the secretariat and the first PMO, signs-in ready, and ends the token", async () => {
    const token = (await setupToken())!;
    const result = await setUpInstallation({ token, input, password: "correct horse 1", ip: "127.0.0.1" });
    if (!result.ok) throw new Error(JSON.stringify(result));
    const consortium = db.select().from(schema.consortium).where(eq(schema.consortium.id, result.consortiumId)).get()!;
    expect(consortium).toMatchObject({ name: input.consortiumName, legalForm: "連携協約", fiscalYearStartMonth: 4, decisionRule: "two_thirds" });
    const user = personOf(input.email);
    expect(user.id).toBe(result.userId);
    expect(user).toMatchObject({ email: input.email, displayName: "山田 花子", department: "情報政策課", orgAdmin: true, active: true });
    expect(await verifyPassword(user.passwordHash, "correct horse 1")).toBe(true);
    const { viewer } = (await loadViewer(result.userId))!;
    expect(viewer).toMatchObject({ consortiumId: consortium.id, role: "pmo", orgAdmin: true });
    expect(db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, "installation.setup")).get()).toMatchObject({ consortiumId: consortium.id, actorId: user.id });
    expect(result.resetToken).toBeNull();
    // From now on there is nothing to set up.
    expect(isSetupToken(token)).toBe(false);
    expect(await setupToken()).toBeNull();
    expect(await setUpInstallation({ token, input: { ...input, email: "other@example.jp" }, password: "correct horse 1" })).toMatchObject({ ok: false, kind: "not-found" });
    expect(await setUpInstallation({ token: null, input: { ...input, email: "other@example.jp" }, password: null })).toMatchObject({ ok: false, kind: "not-found" });
    expect(db.select().from(schema.consortium).all()).toHaveLength(1);
  });
});
