// The bell's event stream, read like a browser would: the current unread count at once, a
// new count when a notification arrives or is read, nothing for an internal memo on the
// vendor's stream, and the stream stops when the client leaves.
import type { AppLoadContext } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { addComment } from "~/models/comment.server";
import { markRead } from "~/models/inbox.server";
import { setWatching } from "~/models/watching.server";
import { authOf, insertIssueNow, insertSmallConsortium } from "~/models/test-support";
import type { Authenticated } from "~/utils/auth.server";
import { loader } from "./notifications.events";

async function open(auth: Authenticated) {
  const controller = new AbortController();
  const request = new Request("http://localhost/notifications/events", { signal: controller.signal });
  const context = { auth, cspNonce: "", ip: "127.0.0.1", secure: false, method: "GET" } as AppLoadContext;
  return { controller, response: loader({ request, context, params: {} }) as Promise<Response> };
}

/** Reads for a while; a read still pending at the deadline is kept for the next call (no chunk is lost). */
const pending = new WeakMap<ReadableStreamDefaultReader<Uint8Array>, Promise<ReadableStreamReadResult<Uint8Array>>>();
async function readFor(reader: ReadableStreamDefaultReader<Uint8Array>, ms: number) {
  const decoder = new TextDecoder();
  let text = "";
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const next = pending.get(reader) ?? reader.read();
    pending.set(reader, next);
    const chunk = await Promise.race([next, new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!chunk) break;
    pending.delete(reader);
    if (chunk.done) return { text, done: true };
    text += decoder.decode(chunk.value);
  }
  return { text, done: false };
}
const counts = (text: string) => [...text.matchAll(/event: count\ndata: (.*)\n/g)].map((m) => (JSON.parse(m[1]) as { count: number }).count);

let lead: Authenticated, staff: Authenticated, vendor: Authenticated;
let issue: Awaited<ReturnType<typeof insertIssueNow>>;
beforeAll(async () => {
  const { consortium, wg, users } = await insertSmallConsortium();
  issue = await insertIssueNow({ consortiumId: consortium.id, wgId: wg.id, createdBy: users.lead.id, title: "転出証明書の様式", vendorVisible: true });
  lead = await authOf("lead@minamihama.demo.renkei.jp");
  staff = await authOf("staff@kitagawa.demo.renkei.jp");
  vendor = await authOf("vendor@vendor-a.demo.renkei.jp");
});

describe("the bell's event stream", () => {
  it("sends the count at once, again on a new notification and when read; internal memos never reach a vendor", async () => {
    await setWatching({ viewer: vendor.viewer, entityType: "issue", entityId: issue.id, watching: true });
    const s = await open(staff);
    const v = await open(vendor);
    const [sr, vr] = await Promise.all([s.response, v.response]);
    expect(sr.headers.get("Content-Type")).toMatch(/^text\/event-stream/);
    const sReader = sr.body!.getReader();
    const vReader = vr.body!.getReader();
    const first = await readFor(sReader, 300);
    expect(counts(first.text)).toEqual([0]);
    expect(counts((await readFor(vReader, 300)).text)).toEqual([0]);

    await addComment({ viewer: lead.viewer, actor: { viewer: lead.viewer, ip: "" }, issue, body: "@高橋健太 内部で確認します", internal: true, files: [] });
    expect(counts((await readFor(sReader, 1500)).text)).toEqual([1]);
    expect(counts((await readFor(vReader, 1500)).text)).toEqual([]);

    await markRead({ viewer: staff.viewer, ids: "all" });
    expect(counts((await readFor(sReader, 1500)).text)).toEqual([0]);

    s.controller.abort();
    v.controller.abort();
    expect((await readFor(sReader, 300)).done).toBe(true);
  });
});
