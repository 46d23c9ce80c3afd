import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseRedmineCsv, parseRedmineJson, redmineIssues } from "./redmine.server";
import { readTable } from "./table.server";

const SAMPLES = "/work/shared/samples";

describe("Redmine's CSV (CP932)", () => {
  it("reads the 30 sample rows", async () => {
    const read = await readTable(fs.readFileSync(`${SAMPLES}/redmine-issues-ja-cp932.csv`), "redmine-issues-ja-cp932.csv");
    if (!read.ok) throw new Error(read.message);
    const { rows, errors } = parseRedmineCsv(read.sheets[0]);
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(30);
    const first = rows[0];
    expect(first).toMatchObject({
      line: 2,
      sourceNumber: "9999",
      title: "障害福祉サービス支給決定 帳票レイアウト差異 課題 9999",
      type: "要望", // 機能
      status: "回答待ち", // フィードバック
      priority: "中", // 通常
      createdOn: "2024-06-01", // 2024/06/01 05:37
      dueOn: null,
      assigneeName: "誠 山本",
    });
    expect(first.body.split("\n")[0]).toBe("Redmine #9999");
    expect(first.body).toContain("作成者: 誠 山本");
    expect(first.body).toContain("\n\n* 対象業務: 転入届受付\n* 影響範囲: 窓口");
    expect(first.body).toMatch(/【最新のコメント】\n運用回避策で対応可能と判断しました。/);
    const third = rows.find((r) => r.sourceNumber === "9992")!;
    expect(third).toMatchObject({ type: "質問", dueOn: "2024-08-05" });
    expect(rows.find((r) => r.sourceNumber === "9987")).toMatchObject({ status: "却下", priority: "高" });
    expect(rows.find((r) => r.sourceNumber === "9985")).toMatchObject({ status: "解決", type: "課題" });
    expect(rows.find((r) => r.sourceNumber === "9990")!.assigneeName).toBeUndefined();
  });

  it("keeps an unknown tracker in the body and maps 急いで/今すぐ/終了", () => {
    const sheet = {
      name: "r",
      rows: [
        ["#", "トラッカー", "ステータス", "優先度", "題名", "期日"],
        ["1", "議事", "終了", "急いで", "議事録の確認", "2024/06/30"],
        ["2", "バグ", "謎の状態", "今すぐ", "不具合", ""],
      ],
    };
    const { rows, errors } = parseRedmineCsv(sheet);
    expect(rows).toEqual([expect.objectContaining({ type: "課題", status: "完了", priority: "緊急", dueOn: "2024-06-30", body: "Redmine #1\nトラッカー: 議事" })]);
    expect(errors).toEqual([{ line: 3, column: "ステータス", message: expect.stringContaining("3行目「ステータス」: 「謎の状態」は分かりません") }]);
  });
});

describe("Redmine's REST JSON", () => {
  const json = JSON.parse(fs.readFileSync(`${SAMPLES}/redmine-api-issues.json`, "utf8"));

  it("reads the 5 sample issues once each, with their journals as comments", () => {
    const { rows, errors } = parseRedmineJson(json);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.sourceNumber)).toEqual(["1", "6", "15", "18", "24"]);
    expect(rows[0]).toMatchObject({
      title: "生活保護申請受付 業務フロー差異 課題 1",
      type: "要望",
      status: "未着手",
      priority: "低",
      dueOn: "2022-06-27",
      createdOn: "2022-06-02",
      assigneeName: "花子 山口",
      comments: [{ author: "恵 伊藤", at: Date.parse("2022-06-08T06:30:32Z"), body: "標準仕様書 第2版 で記載が修正されています。" }],
    });
    expect(rows[0].body.startsWith("Redmine #1\n")).toBe(true);
    expect(rows.map((r) => r.comments?.length ?? 0)).toEqual([1, 4, 3, 0, 2]);
    expect(rows[2]).toMatchObject({ type: "課題", status: "回答待ち" });
    expect(rows[3]).toMatchObject({ status: "対応中", dueOn: null });
    expect(rows[4]).toMatchObject({ priority: "高" });
    expect(rows[4]).not.toHaveProperty("assigneeName");
    // 2022-06-02T18:30:50Z is already the 3rd in Japan.
    expect(rows[1].createdOn).toBe("2022-06-03");
  });

  it("reads a list, an array of shown issues, and journals' field changes as history", () => {
    const issue = {
      id: 9980,
      subject: "帳票の様式",
      tracker: { id: 1, name: "バグ" },
      status: { id: 2, name: "進行中" },
      priority: { id: 4, name: "急いで" },
      created_on: "2024-06-01T00:00:00Z",
      journals: [
        { user: { id: 3, name: "誠 山本" }, notes: "", created_on: "2024-06-02T01:00:00Z", details: [{ property: "attr", name: "status_id", old_value: "1", new_value: "2" }] },
        { user: { id: 3, name: "誠 山本" }, notes: "確認しました", created_on: "2024-06-03T01:00:00Z", details: [{ property: "attr", name: "due_date", old_value: null, new_value: "2024-07-01" }] },
        { user: { id: 3, name: "誠 山本" }, notes: "", details: [] },
        {
          user: { id: 4, name: "恵 伊藤" }, notes: "担当を替えます", private_notes: true, created_on: "2024-06-04T01:00:00Z",
          details: [{ property: "attr", name: "assigned_to_id", old_value: "3", new_value: "4" }, { property: "attr", name: "status_id", old_value: "2", new_value: "9" }],
        },
      ],
    };
    const other = { id: 1, subject: "別件", status: { id: 1, name: "新規" } };
    for (const input of [[{ issue }, { issue: other }], { issues: [issue, other] }]) {
      expect(redmineIssues(input).map((i) => i.id)).toEqual([9980, 1]);
      const { rows } = parseRedmineJson(input);
      expect(rows[0]).toMatchObject({ sourceNumber: "9980", type: "課題", status: "対応中", priority: "緊急", body: "Redmine #9980" });
      expect(rows[0].comments).toEqual([
        { author: "誠 山本", at: Date.parse("2024-06-02T01:00:00Z"), body: "", changes: [{ field: "status", label: "ステータス", from: "新規", to: "進行中" }] },
        { author: "誠 山本", at: Date.parse("2024-06-03T01:00:00Z"), body: "確認しました", changes: [{ field: "dueOn", label: "期日", from: null, to: "2024-07-01" }] },
        // An assignee, and a status no issue of the file names, stay lines of the (internal) comment.
        { author: "恵 伊藤", at: Date.parse("2024-06-04T01:00:00Z"), body: "担当を替えます\n\n担当者: 誠 山本 → 恵 伊藤\nステータス: 進行中 → 9", internal: true },
      ]);
    }
    expect(redmineIssues({ something: "else" })).toEqual([]);
  });
});
