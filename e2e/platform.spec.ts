import { expect, seriousA11yViolations, signInAs, test } from "./fixtures";

test("/healthz answers after checking the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
});

test("pages carry the security headers", async ({ request }) => {
  const response = await request.get("/login");
  const h = response.headers();
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("same-origin");
});

test("a form post from another site is refused before anything happens", async ({ request }) => {
  const response = await request.post("/login", {
    form: { email: "pmo@demo.renkei.jp", password: "renkei-demo-2026" },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()["set-cookie"]).toBeUndefined();
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("メールアドレス").fill("exec@demo.renkei.jp");
  await page.getByLabel("パスワード").fill("renkei-demo-2026");
  await page.getByRole("button", { name: "ログイン" }).click();
  await expect(page.getByRole("heading", { name: "ダッシュボード" })).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === "renkei_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  // 30 days, give or take.
  expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(29 * 86400_000);
});

test.describe("accessibility (axe-core: no serious or critical violations)", () => {
  test("sign-in page", async ({ page }) => {
    await page.goto("/login");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
  test("dashboard", async ({ page }) => {
    await signInAs(page, "staff");
    await page.goto("/");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
  test("user administration", async ({ page }) => {
    await signInAs(page, "pmo");
    await page.goto("/admin/users");
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
