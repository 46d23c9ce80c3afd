import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { detectSource, parseIssueFile } from "./index.server";

const SAMPLES = "/work/shared/samples";
const sample = (name: string) => fs.readFileSync(`${SAMPLES}/${name}`);

describe("parseIssueFile", () => {
  it.each([
    ["kadai-kanri-sample.xlsx", "kadai-kanri", 25],
    ["kadai-kanri-sample-sjis.csv", "kadai-kanri", 25],
    ["redmine-issues-ja-cp932.csv", "redmine-csv", 30],
    ["redmine-api-issues.json", "redmine-json", 5],
  ])("reads %s as %s", async (file, source, count) => {
    const result = await parseIssueFile(sample(file), file, { statusMap: { 保留: "対応中" } });
    if (!result.ok) throw new Error(result.message);
    expect(result.source).toBe(source);
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(count);
  });

  it("reads Backlog's CSV and hands back the 課題管理表's mapping", async () => {
    const backlog = await parseIssueFile(fs.readFileSync(new URL("./fixtures/backlog-issues.csv", import.meta.url)), "backlog.csv");
    expect(backlog).toMatchObject({ ok: true, source: "backlog" });
    const kadai = await parseIssueFile(sample("kadai-kanri-sample.xlsx"), "a.xlsx");
    expect(kadai).toMatchObject({ ok: true, mapping: { title: 4 }, table: { sheetName: "課題管理表" } });
    expect(kadai.ok && kadai.errors).toHaveLength(5); // 保留 without a map
  });

  it("detects a source from sheets or parsed JSON", () => {
    expect(detectSource([{ name: "a", rows: [["#", "トラッカー", "ステータス", "題名"]] }])).toBe("redmine-csv");
    expect(detectSource([{ name: "a", rows: [["キー", "件名", "状態", "種別"]] }])).toBe("backlog");
    expect(detectSource([{ name: "a", rows: [["表題"], ["件名", "期限", "状況"]] }])).toBe("kadai-kanri");
    expect(detectSource([{ name: "a", rows: [["名前", "住所"]] }])).toBeNull();
    expect(detectSource({ issues: [{ id: 1, subject: "x" }] })).toBe("redmine-json");
    expect(detectSource({ foo: 1 })).toBeNull();
  });

  it("explains files it cannot read", async () => {
    expect(await parseIssueFile(Buffer.from("名前,住所\n山田,西原市\n"), "a.csv")).toMatchObject({ ok: false, message: expect.stringContaining("見出しの行") });
    expect(await parseIssueFile(Buffer.from("{broken"), "a.json")).toMatchObject({ ok: false, message: "JSON ファイルとして読めませんでした。" });
    expect(await parseIssueFile(Buffer.from('{"a":1}'), "a.json")).toMatchObject({ ok: false, message: expect.stringContaining("Redmine") });
    expect(await parseIssueFile(Buffer.from("番号,状況,期限\n1,完了,R6.1.1\n"), "a.csv")).toMatchObject({ ok: false, message: expect.stringContaining("「件名」") });
  });
});
