// The board's resource route over HTTP: JSON answers with the statuses the board relies on
// (400 bad input, 403 not yours, 404 hidden, 409 conflict / not running), and the GET board
// filtered by the same visibility rules.
import type { AppLoadContext } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { authOf, insertMeetingBoards } from "~/models/test-support";
import type { Authenticated } from "~/utils/auth.server";
import { action, loader } from "./meetings.$meetingId.notes";

let staff: Authenticated, vendorB: Authenticated, vendorA: Authenticated;
let live: number, final: number;
const context = (auth: Authenticated) => ({ auth, cspNonce: "", ip: "127.0.0.1", secure: false, method: "GET" }) as AppLoadContext;

async function post(auth: Authenticated, values: Record<string, string>, meetingId = live) {
  const body = new FormData();
  for (const [k, v] of Object.entries(values)) body.set(k, v);
  const request = new Request(`http://localhost/meetings/${meetingId}/notes`, { method: "POST", body });
  const response = (await action({ request, context: context(auth), params: { meetingId: String(meetingId) } })) as Response;
  return { status: response.status, body: (await response.json()) as { ok: boolean; note?: { id: number; version: number; internal: boolean }; errors?: Record<string, string> } };
}
async function get(auth: Authenticated) {
  const request = new Request(`http://localhost/meetings/${live}/notes`);
  const response = (await loader({ request, context: context(auth), params: { meetingId: String(live) } })) as Response;
  return { status: response.status, body: (await response.json()) as { notes: { id: number; text: string }[] } | null };
}

beforeAll(async () => {
  // The running board (税務WG, shared with vendor B; vendor A is no guest of that WG) and a locked one (住民記録WG 第5回).
  const { meetings } = await insertMeetingBoards();
  live = meetings.live.id;
  final = meetings.jumin5.id;
  staff = await authOf("staff@kitagawa.demo.renkei.jp");
  vendorB = await authOf("vendor@vendor-b.demo.renkei.jp");
  vendorA = await authOf("vendor@vendor-a.demo.renkei.jp");
});

describe("POST /meetings/:id/notes", () => {
  it("adds a note; bad input is a 400 with catalog messages next to the field", async () => {
    expect(await post(staff, { intent: "add", kind: "発言", text: "HTTPからの付箋", agendaItemId: "" })).toMatchObject({ status: 200, body: { ok: true, note: { version: 1 } } });
    expect(await post(staff, { intent: "add", kind: "発言", text: "   " })).toEqual({ status: 400, body: { ok: false, errors: { text: "board.textRequired" } } });
    expect(await post(staff, { intent: "add", kind: "発言", text: "あ".repeat(401) })).toMatchObject({ status: 400, body: { errors: { text: "board.textTooLong" } } });
    expect(await post(staff, { intent: "add", kind: "雑談", text: "x" })).toMatchObject({ status: 400, body: { errors: { kind: "board.kindInvalid" } } });
    expect(await post(staff, { intent: "nonsense" })).toMatchObject({ status: 400, body: { errors: { intent: "error.badRequest.body" } } });
  });

  it("a stale edit is 409, someone else's note 403, a hidden meeting 404", async () => {
    const { body } = await post(staff, { intent: "add", kind: "発言", text: "編集する付箋" });
    const noteId = String(body.note!.id);
    expect(await post(staff, { intent: "edit", noteId, version: "1", text: "直した" })).toMatchObject({ status: 200, body: { note: { version: 2 } } });
    expect(await post(staff, { intent: "edit", noteId, version: "1", text: "古い画面から" })).toEqual({ status: 409, body: { ok: false, errors: { form: "board.conflict" } } });
    expect(await post(vendorB, { intent: "delete", noteId })).toMatchObject({ status: 403, body: { errors: { form: "board.notYours" } } });
    expect(await post(vendorA, { intent: "add", kind: "発言", text: "見えない会議" })).toMatchObject({ status: 404 });
    expect(await post(staff, { intent: "add", kind: "発言", text: "確定後" }, final)).toMatchObject({ status: 409, body: { errors: { form: "board.locked" } } });
  });

  it("a vendor's internal checkbox is ignored", async () => {
    const { body } = await post(vendorB, { intent: "add", kind: "発言", text: "事業者から", internal: "on" });
    expect(body.note!.internal).toBe(false);
  });
});

describe("GET /meetings/:id/notes", () => {
  it("returns the board filtered for the viewer: no internal notes for the vendor, 404 for outsiders", async () => {
    await post(staff, { intent: "add", kind: "発言", text: "内部のHTTP付箋", internal: "on" });
    const forStaff = await get(staff);
    const forVendor = await get(vendorB);
    expect(forStaff.body!.notes.map((n) => n.text)).toContain("内部のHTTP付箋");
    expect(forVendor.body!.notes.map((n) => n.text)).not.toContain("内部のHTTP付箋");
    expect(JSON.stringify(forVendor.body)).not.toContain("内部");
    expect((await get(vendorA)).status).toBe(404);
  });
});
