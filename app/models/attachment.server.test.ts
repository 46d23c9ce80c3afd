import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import type { Viewer } from "~/policy/permissions";
import { checkFiles, sweepOrphanFiles } from "./attachment.server";
import { createIssue, type IssueInput } from "./issue.server";
import { actor, insertSmallConsortium, issueInput, viewerOf } from "./test-support";

const filesDir = () => path.join(env.dataDir, "files");
const storedFiles = () => (fs.existsSync(filesDir()) ? fs.readdirSync(filesDir(), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)) : []);
const png = (seed: number) => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, seed, 2, 3])], "図.png", { type: "image/png" });
const input = (overrides: Partial<IssueInput> = {}) => issueInput({ title: "添付のある課題", ...overrides });

let staff: Viewer;
let wgId: number;
beforeAll(async () => {
  wgId = (await insertSmallConsortium()).wg.id;
  staff = await viewerOf("staff@kitagawa.demo.renkei.jp");
});

describe("stored files", () => {
  it("a refused issue leaves no file behind; a saved one stores its file once", async () => {
    const checked = await checkFiles([png(1)]);
    if (!checked.ok) throw new Error(checked.error);
    expect(storedFiles()).toEqual([]);
    const refused = await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input({ assigneeId: 999999 }), files: checked.files });
    expect(refused.ok).toBe(false);
    expect(storedFiles()).toEqual([]);
    expect((await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input(), files: checked.files })).ok).toBe(true);
    expect((await createIssue({ viewer: staff, actor: actor(staff), wgId, input: input(), files: checked.files })).ok).toBe(true);
    expect(storedFiles()).toHaveLength(1);
  });

  it("file names lose control characters and bidirectional overrides", async () => {
    const checked = await checkFiles([new File(["表"], "見積\u0000\u001b[31m書\u202Etxt.csv", { type: "text/plain" })]);
    expect(checked).toMatchObject({ ok: true, files: [{ fileName: "見積[31m書txt.csv" }] });
  });

  it("the sweep removes files no attachment refers to once they are a day old", async () => {
    const [used] = storedFiles();
    if (!used) throw new Error("the file stored by the test above is missing");
    const orphan = path.join(filesDir(), "ab", "ab".padEnd(64, "0"));
    const fresh = path.join(filesDir(), "cd", "cd".padEnd(64, "0"));
    const leftoverTmp = `${used}.1234.tmp`;
    for (const file of [orphan, fresh, leftoverTmp]) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, "x");
    }
    const dayAndHourAgo = new Date(Date.now() - 25 * 3600_000);
    for (const file of [used, orphan, leftoverTmp]) fs.utimesSync(file, dayAndHourAgo, dayAndHourAgo);
    expect(await sweepOrphanFiles()).toBe(2);
    expect(storedFiles().sort()).toEqual([used, fresh].sort());
  });
});
