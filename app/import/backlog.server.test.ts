import fs from "node:fs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseBacklogCsv } from "./backlog.server";
import { decodeText, readTable } from "./table.server";

const FIXTURE = fs.readFileSync(new URL("./fixtures/backlog-issues.csv", import.meta.url));

describe("Backlog's CSV", () => {
  const utf8 = FIXTURE;
  const cp932 = iconv.encode(decodeText(FIXTURE), "cp932");

  it.each([
    ["UTF-8 with BOM", utf8],
    ["CP932", cp932],
  ])("reads the fixture in %s", async (_, buffer) => {
    const read = await readTable(buffer, "backlog-issues.csv");
    if (!read.ok) throw new Error(read.message);
    const { rows, errors } = parseBacklogCsv(read.sheets[0], { organizations: ["北川市", "南浜町"] });
    expect(errors).toEqual([]);
    expect(rows.map((r) => [r.sourceNumber, r.type, r.status, r.priority])).toEqual([
      ["JUKI-1", "課題", "未着手", "中"],
      ["JUKI-2", "課題", "対応中", "高"],
      ["JUKI-3", "要望", "解決", "低"],
      ["JUKI-4", "課題", "完了", "中"],
    ]);
    expect(rows[0]).toMatchObject({ title: "転出証明書の様式差異", dueOn: "2024-06-30", createdOn: "2024-05-12", assigneeName: "佐藤 花子" });
    expect(rows[0].body).toBe("Backlog JUKI-1\nプロジェクト名: 住記共同化\nマイルストーン: 第1期\n登録者: 鈴木 一郎\n\n南浜町の様式が標準と異なる。\n次回WGで確認する。");
    expect(rows[1]).toMatchObject({ affectedOrgs: ["北川市"], body: expect.stringContaining('桁数 "10" と "12" が混在。') });
    // An unknown 種別 stays 課題 with its name kept; a formula-looking cell is text.
    expect(rows[3].body).toBe("Backlog JUKI-4\n種別: 打合せ\nプロジェクト名: 住記共同化\n登録者: 鈴木 一郎\n\n=1+1 のような式は文字のまま");
  });
});
