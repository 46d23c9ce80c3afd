// The report page through Remix's own request handler: opening a published report is audited
// (report.read); a POST is not a read — refused or not, as a document request (Remix then runs
// the loader, with a GET request, to render the answer) or a data request.
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoConsortium } from "../../db/seed";
import { loadViewer, type Authenticated } from "~/utils/auth.server";
import { db, schema } from "~/utils/db.server";
import * as reportPage from "./_app.reports.$reportId._index";

const ROUTE = "routes/_app.reports.$reportId._index";
const build = {
  mode: "production",
  entry: { module: { default: (_request: Request, status: number, headers: Headers) => new Response("<!doctype html>", { status, headers }) } },
  routes: {
    root: { id: "root", path: "", module: { default: () => null } },
    [ROUTE]: { id: ROUTE, parentId: "root", path: "reports/:reportId", module: reportPage },
  },
  assets: { routes: {}, entry: { imports: [], module: "" }, url: "", version: "test" },
  publicPath: "/build/",
  assetsBuildDirectory: "public/build",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;
const handle = createRequestHandler(build, "production");

let reader: Authenticated;
let reportId: number;
const authOf = async (email: string): Promise<Authenticated> => ({ ...(await loadViewer(db.select().from(schema.user).where(eq(schema.user.email, email)).get()!.id))!, sessionId: "test" });
/** What server.ts builds for every request: the method is the one the client sent. */
const contextFor = (request: Request) => ({ auth: reader, cspNonce: "", ip: "127.0.0.1", secure: false, method: request.method }) as AppLoadContext;
const reads = () =>
  db
    .select()
    .from(schema.auditEvent)
    .where(and(eq(schema.auditEvent.action, "report.read"), eq(schema.auditEvent.actorId, reader.viewer.userId), eq(schema.auditEvent.entityId, String(reportId))))
    .all().length;
async function send(method: "GET" | "POST", { data = false, body = "" } = {}) {
  const url = `http://localhost/reports/${reportId}${data ? `?_data=${encodeURIComponent(ROUTE)}` : ""}`;
  const request = new Request(url, method === "POST" ? { method, body, headers: { "Content-Type": "application/x-www-form-urlencoded" } } : { method });
  const response = await handle(request, contextFor(request));
  await response.text();
  return response.status;
}

beforeAll(async () => {
  await seedDemoConsortium();
  reader = await authOf("director@kitagawa.demo.renkei.jp");
  reportId = db.select().from(schema.progressReport).where(eq(schema.progressReport.status, "公開")).get()!.id;
});

describe("the read audit of a report", () => {
  it("a refused POST writes no report.read, as a document or a data request", async () => {
    for (const body of ["intent=publish", "intent=correct", "intent=discard", ""]) {
      expect(await send("POST", { body })).toBeGreaterThanOrEqual(400);
      expect(await send("POST", { body, data: true })).toBeGreaterThanOrEqual(400);
    }
    expect(reads()).toBe(0);
  });

  it("opening the page is one read", async () => {
    expect(await send("GET")).toBe(200);
    expect(await send("GET", { data: true })).toBe(200);
    expect(reads()).toBe(2);
  });

  it("after a refused POST the browser does not reload the page's data (which would count as a read)", () => {
    const args = { currentUrl: new URL("http://localhost/reports/1"), nextUrl: new URL("http://localhost/reports/1"), currentParams: {}, nextParams: {}, formMethod: "POST", defaultShouldRevalidate: true };
    expect(reportPage.shouldRevalidate({ ...args, actionResult: { ok: false, errors: { form: "reports.forbidden" } } } as never)).toBe(false);
    expect(reportPage.shouldRevalidate({ ...args, formMethod: undefined } as never)).toBe(true);
  });
});
