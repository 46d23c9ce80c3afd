// The board's event stream, read like a browser would: changes arrive as `change` events
// with ids; an internal note's event never reaches the vendor's stream; a reconnect with
// Last-Event-ID catches up; nothing keeps polling after the client leaves.
import type { AppLoadContext } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { addNote } from "~/models/sticky-note.server";
import { lastLiveEventId } from "~/jobs/live-events.server";
import { authOf, insertMeetingBoards } from "~/models/test-support";
import type { Authenticated } from "~/utils/auth.server";
import type { Viewer } from "~/policy/permissions";
import { loader } from "./meetings.$meetingId.events";

let staff: Authenticated, vendorB: Authenticated, vendorA: Authenticated;
let live: number;

async function open(auth: Authenticated, headers: Record<string, string> = {}, query = "") {
  const controller = new AbortController();
  const request = new Request(`http://localhost/meetings/${live}/events${query}`, { headers, signal: controller.signal });
  const context = { auth, cspNonce: "", ip: "127.0.0.1", secure: false, method: "GET" } as AppLoadContext;
  return { controller, response: loader({ request, context, params: { meetingId: String(live) } }) as Promise<Response> };
}

/** Reads the stream for a while and returns what arrived. */
const readers = new WeakMap<Response, ReadableStreamDefaultReader<Uint8Array>>();
async function readFor(response: Response, ms: number) {
  const reader = readers.get(response) ?? response.body!.getReader();
  readers.set(response, reader);
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!chunk) break;
    if (chunk.done) return { text, done: true, reader };
    text += decoder.decode(chunk.value);
  }
  return { text, done: false, reader };
}
const events = (text: string) =>
  text
    .split("\n\n")
    .filter((block) => block.includes("event: change"))
    .map((block) => ({ id: Number(/^id: (\d+)/m.exec(block)![1]), data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) as { kind: string; noteId: number } }));
const add = async (viewer: Viewer, text: string, internal = false) => {
  const r = await addNote({ viewer, actor: { viewer }, meetingId: live, input: { kind: "発言", text, agendaItemId: null, internal } });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.note.id;
};

beforeAll(async () => {
  // The running board (税務WG, shared with vendor B; vendor A is no guest of that WG).
  live = (await insertMeetingBoards()).meetings.live.id;
  staff = await authOf("staff@kitagawa.demo.renkei.jp");
  vendorB = await authOf("vendor@vendor-b.demo.renkei.jp");
  vendorA = await authOf("vendor@vendor-a.demo.renkei.jp");
});

describe("the meeting's event stream", () => {
  it("is an SSE response; a viewer who may not see the meeting gets 404", async () => {
    const { response, controller } = await open(staff);
    const res = await response;
    expect(res.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    expect(res.headers.get("Cache-Control")).toMatch(/no-cache/);
    expect(res.headers.get("X-Accel-Buffering")).toBe("no");
    controller.abort();
    await expect((await open(vendorA)).response).rejects.toMatchObject({ status: 404 });
  });

  it("delivers shared changes to both streams and internal ones to insiders only, without note text", async () => {
    const insider = await open(staff);
    const vendor = await open(vendorB);
    const [insiderRes, vendorRes] = await Promise.all([insider.response, vendor.response]);
    const shared = await add(staff.viewer, "共有する付箋");
    const secret = await add(staff.viewer, "内部の付箋", true);
    const fromVendor = await add(vendorB.viewer, "事業者の付箋");
    const [a, b] = await Promise.all([readFor(insiderRes, 600), readFor(vendorRes, 600)]);
    expect(events(a.text).map((e) => e.data)).toEqual([
      { kind: "note.added", noteId: shared },
      { kind: "note.added", noteId: secret },
      { kind: "note.added", noteId: fromVendor },
    ]);
    expect(events(b.text).map((e) => e.data.noteId)).toEqual([shared, fromVendor]);
    expect(b.text).not.toContain(String(secret) + "}");
    expect(a.text + b.text).not.toContain("付箋");
    insider.controller.abort();
    vendor.controller.abort();
    // After the client leaves, the stream ends (no polling left behind).
    expect((await readFor(insiderRes, 500)).done).toBe(true);
  });

  it("a reconnecting browser catches up from Last-Event-ID (or ?since=)", async () => {
    const before = await lastLiveEventId(`meeting:${live}`);
    const missed = await add(staff.viewer, "切断中の付箋");
    const viaHeader = await open(vendorB, { "Last-Event-ID": String(before) });
    const got = await readFor(await viaHeader.response, 400);
    expect(events(got.text).map((e) => e.data.noteId)).toEqual([missed]);
    viaHeader.controller.abort();
    const viaQuery = await open(vendorB, {}, `?since=${before}`);
    const again = await readFor(await viaQuery.response, 400);
    expect(events(again.text).map((e) => e.data.noteId)).toEqual([missed]);
    viaQuery.controller.abort();
    // Without either, the stream starts from now.
    const fresh = await open(vendorB);
    const nothing = await readFor(await fresh.response, 300);
    expect(events(nothing.text)).toEqual([]);
    fresh.controller.abort();
  });
});
