import { describe, expect, it } from "vitest";
import { safeRedirect } from "./safe-redirect";

describe("safeRedirect", () => {
  it("keeps paths of this site", () => {
    expect(safeRedirect("/issues/12?tab=history#c3")).toBe("/issues/12?tab=history#c3");
    expect(safeRedirect("/search?q=%E5%A4%96%E5%AD%97")).toBe("/search?q=%E5%A4%96%E5%AD%97");
  });
  it.each(["//evil.example", "/\\evil.example", "/\\/evil.example", "/\t/evil.example", "/\n/evil.example", "https://evil.example/", "javascript:alert(1)", "evil", "", null, undefined, 42, "/ /evil"])(
    "sends %j home instead",
    (to) => {
      expect(safeRedirect(to)).toBe("/");
    },
  );
});
