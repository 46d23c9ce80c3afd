// The report page through Remix's own request handler: opening a published report is audited
// (report.read); a POST is not a read — refused or not, as a document request (Remix then runs
// the loader, with a GET request, to render the answer) or a data request.
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { FACTORY_NOW } from "../../db/factories";
import { authOf, insertReportNow, insertSmallConsortium, insertUserNow, reportReads } from "~/models/test-support";
import type { Authenticated } from "~/utils/auth.server";
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
/** What server.ts builds for every request: the method is the one the client sent. */
const contextFor = (request: Request) => ({ auth: reader, cspNonce: "", ip: "127.0.0.1", secure: false, method: request.method }) as AppLoadContext;
const reads = () => reportReads(reader.viewer.userId, reportId);
async function send(method: "GET" | "POST", { data = false, body = "" } = {}) {
  const url = `http://localhost/reports/${reportId}${data ? `?_data=${encodeURIComponent(ROUTE)}` : ""}`;
  const request = new Request(url, method === "POST" ? { method, body, headers: { "Content-Type": "application/x-www-form-urlencoded" } } : { method });
  const response = await handle(request, contextFor(request));
  await response.text();
  return response.status;
}

// A published report and a reader who is neither its author nor the PMO: a Kitagawa 部門長.
beforeAll(async () => {
  const { consortium, towns, project, users } = await insertSmallConsortium();
  await insertUserNow({ organizationId: towns.kitagawa.id, email: "director@kitagawa.demo.renkei.jp", displayName: "岡田 修", rank: "部門長" });
  const published = { status: "公開" as const, publishedBy: users.pmo.id, publishedAt: FACTORY_NOW };
  reportId = (await insertReportNow({ consortiumId: consortium.id, projectId: project.id, period: "2026-10", createdBy: users.pmo.id, ...published })).id;
  reader = await authOf("director@kitagawa.demo.renkei.jp");
});

describe("the read audit of a report", () => {
  it("a refused POST writes no report.read, as a document or a data request", async () => {
    for (const body of ["intent=publish", "intent=correct", "intent=discard", ""]) {
      expect(await send("POST", { body })).toBeGreaterThanOrEqual(400);
      expect(await send("POST", { body, data: true })).toBeGreaterThanOrEqual(400);
    }
    expect(await reads()).toBe(0);
  });

  it("opening the page is one read", async () => {
    expect(await send("GET")).toBe(200);
    expect(await send("GET", { data: true })).toBe(200);
    expect(await reads()).toBe(2);
  });

  it("after a refused POST the browser does not reload the page's data (which would count as a read)", () => {
    const args = { currentUrl: new URL("http://localhost/reports/1"), nextUrl: new URL("http://localhost/reports/1"), currentParams: {}, nextParams: {}, formMethod: "POST", defaultShouldRevalidate: true };
    expect(reportPage.shouldRevalidate({ ...args, actionResult: { ok: false, errors: { form: "reports.forbidden" } } } as never)).toBe(false);
    expect(reportPage.shouldRevalidate({ ...args, formMethod: undefined } as never)).toBe(true);
  });
});
