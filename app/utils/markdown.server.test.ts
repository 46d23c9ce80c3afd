import { describe, expect, it } from "vitest";
import { markdownToPlainText, renderMarkdown } from "./markdown.server";

// Everything the renderer may ever emit: tag → attributes it may carry.
const ALLOWED: Record<string, string[]> = {
  p: [], br: [], strong: [], em: [], del: [], s: [], code: [], pre: [], blockquote: [], ul: [], li: [],
  h3: [], h4: [], h5: [], h6: [], table: [], thead: [], tbody: [], tr: [], hr: [],
  ol: ["start"],
  th: ["class"],
  td: ["class"],
  span: ["class"],
  a: ["href", "title", "rel", "target"],
  img: ["src", "alt", "title", "loading"],
  input: ["type", "checked", "disabled"],
};

function decode(value: string) {
  return value.replace(/&(amp|lt|gt|quot);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"' })[e] as string);
}

/**
 * The sanitizer escapes every "<" in text, so each "<" left in the output opens a real tag:
 * walk them all and check each tag and attribute against the allow-list.
 */
function expectSafe(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<\/?(?:iframe|object|embed|form|style|link|meta|base|svg|math|button|details|body|video|source|x)\b/i);
  for (const [tag, name, attrs] of html.matchAll(/<\/?([a-zA-Z][\w-]*)([^>]*)>/g)) {
    const tagName = name.toLowerCase();
    expect(Object.keys(ALLOWED), tag).toContain(tagName);
    // Attribute values never contain a raw quote, so this splits attributes exactly.
    for (const [, attr, value = ""] of attrs.matchAll(/([^\s="'/]+)(?:="([^"]*)")?/g)) {
      expect(attr, tag).not.toMatch(/^on/i);
      expect(attr, tag).not.toMatch(/^(?:style|id|srcset|srcdoc|formaction|action|xlink:href)$/i);
      expect(ALLOWED[tagName], tag).toContain(attr);
      if (attr === "href" || attr === "src") expect(decode(value), tag).not.toMatch(/(?:javascript|vbscript|data|file)\s*:/i);
      if (attr === "href") expect(decode(value), tag).toMatch(/^(?:https?:\/\/|mailto:|\/(?![/\\])|#)/i);
      if (attr === "src") expect(decode(value), tag).toMatch(/^\/attachments\//);
      if (attr === "class") expect(value, tag).toMatch(/^(?:mention|align-(?:left|center|right))$/);
    }
  }
}

const XSS_PAYLOADS: string[] = [
  "<script>alert(1)</script>",
  "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
  "<img src=x onerror=alert(1)>",
  '<img src="/attachments/1/a.png" onerror="alert(1)">',
  "<svg onload=alert(1)>",
  "<svg><script>alert(1)</script></svg>",
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">click</text></a></svg>',
  "[click](javascript:alert(1))",
  "[click](JaVaScRiPt:alert(1))",
  "[click](<javascript:alert(1)>)",
  "[click](javascript&#58;alert(1))",
  "[ref][x]\n\n[x]: javascript:alert(1)",
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<a href="jav&#x09;ascript:alert(1)">click</a>',
  '<a href="jav\tascript:alert(1)">click</a>',
  '<a href="&#106;avascript:alert(1)">click</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">click</a>',
  '<a href="javascript&colon;alert(1)">click</a>',
  '<a href="  \u0001javascript:alert(1)">click</a>',
  "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  '<a href="data:text/html,<script>alert(1)</script>">click</a>',
  '<a href="vbscript:msgbox(1)">click</a>',
  "[click](vbscript:msgbox(1))",
  '<a href="file:///etc/passwd">click</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>送信</button></form>',
  '<button formaction="javascript:alert(1)">x</button>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  "<style>body{background:url(javascript:alert(1))}</style>",
  '<link rel="stylesheet" href="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<p style="width:expression(alert(1))">x</p>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<a href="/issues/1" onclick="alert(1)">click</a>',
  '<p onmouseover="alert(1)">hover</p>',
  "![x](javascript:alert(1))",
  '![x](/attachments/1/a.png"onerror="alert(1))',
  "<javascript:alert(1)>",
  "<scr<script>ipt>alert(1)</scr</script>ipt>",
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
  "<!--><script>alert(1)</script>-->",
  "<!-- --!><img src=x onerror=alert(1)> -->",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  '<math href="javascript:alert(1)">click</math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  "<details open ontoggle=alert(1)>",
  "<input autofocus onfocus=alert(1)>",
  '<input type="checkbox" onclick="alert(1)" formaction="javascript:alert(1)">',
  '<img src="/attachments/1/a.png" srcset="https://tracker.example/p.gif 1x">',
  '<table background="javascript:alert(1)"><tr><td style="x" onclick="alert(1)">x</td></tr></table>',
  "<video><source onerror=alert(1)></video>",
  "<body onload=alert(1)>",
  "<xmp><img src=x onerror=alert(1)></xmp>",
  "<textarea><script>alert(1)</script></textarea>",
  '<span class="mention" onclick="alert(1)">@偽物</span>',
  '<img src="/attachments/1/a.png" title="&quot; onerror=&quot;alert(1)">',
  '<a href="/x" id="login" class="btn">x</a>',
];

describe("renderMarkdown refuses script injection", () => {
  it("has at least 30 payloads", () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(XSS_PAYLOADS)("%s", (payload) => {
    expectSafe(renderMarkdown(payload));
    // Also inside a paragraph and a list item (marked treats inline and block HTML differently).
    expectSafe(renderMarkdown(`前置き ${payload} 後書き`));
    expectSafe(renderMarkdown(`- ${payload}`));
    expectSafe(renderMarkdown(payload, { mentions: [{ name: "田中 由美", userId: 1 }] }));
  });

  it("keeps the harmless text of a neutralised element", () => {
    expect(renderMarkdown('<p onmouseover="alert(1)">hover</p>')).toContain("hover");
    expect(renderMarkdown("[押してください](javascript:alert(1))")).toContain("押してください");
  });

  it("does not turn an escaped attribute value into a new attribute", () => {
    const html = renderMarkdown('<img src="/attachments/1/a.png" title="&quot; onerror=&quot;alert(1)">');
    expect(html).toContain('title="&quot; onerror=&quot;alert(1)"');
    expect(html).not.toMatch(/"\s+onerror=/);
  });

  it("escapes a member's name that contains markup", () => {
    const html = renderMarkdown("@x", { mentions: [{ name: "x<img src=x onerror=alert(1)>", userId: 1 }] });
    expectSafe(html);
    const evil = "<img src=x onerror=alert(1)>";
    const named = renderMarkdown(`@ev${evil.replace(/\s/g, "")}`, { mentions: [{ name: `ev${evil}`, userId: 9 }] });
    expectSafe(named);
    expect(named).toContain('<span class="mention">@ev&lt;img src=x onerror=alert(1)&gt;</span>');
  });
});

describe("renderMarkdown output", () => {
  it("demotes headings so user content never outranks the page", () => {
    const html = renderMarkdown("# 一\n## 二\n### 三\n#### 四\n##### 五\n###### 六");
    expect(html).toBe("<h3>一</h3>\n<h3>二</h3>\n<h4>三</h4>\n<h5>四</h5>\n<h6>五</h6>\n<h6>六</h6>\n");
    expect(renderMarkdown("<h1 id=\"x\" style=\"color:red\">raw</h1>")).toBe("<h3>raw</h3>");
  });

  it("turns a single Enter into a line break", () => {
    expect(renderMarkdown("1行目\n2行目\n\n次の段落")).toBe("<p>1行目<br />2行目</p>\n<p>次の段落</p>\n");
  });

  it("renders tables, with column alignment as a class and no style", () => {
    const html = renderMarkdown("| 町 | 件数 | 備考 |\n|:--|:-:|--:|\n| 北川市 | 3 | なし |");
    expect(html).toContain("<table>");
    expect(html).toContain('<th class="align-left">町</th>');
    expect(html).toContain('<th class="align-center">件数</th>');
    expect(html).toContain('<td class="align-right">なし</td>');
    expect(html).not.toContain("style");
    expect(html).not.toContain("align=");
  });

  it("shows HTML inside code spans and blocks literally", () => {
    const block = renderMarkdown("```html\n<b>太字</b>\n```");
    expect(block).toBe("<pre><code>&lt;b&gt;太字&lt;/b&gt;\n</code></pre>\n");
    expect(renderMarkdown("`<b>x</b>` と書く")).toBe("<p><code>&lt;b&gt;x&lt;/b&gt;</code> と書く</p>\n");
  });

  it("renders emphasis, strike-through, quotes, lists and rules", () => {
    const html = renderMarkdown("**強調** *斜体* ~~取消~~\n\n> 引用\n\n1. 一\n2. 二\n\n- a\n- b\n\n---");
    expect(html).toContain("<strong>強調</strong>");
    expect(html).toContain("<em>斜体</em>");
    expect(html).toContain("<del>取消</del>");
    expect(html).toContain("<blockquote>\n<p>引用</p>\n</blockquote>");
    expect(html).toContain("<ol>\n<li>一</li>\n<li>二</li>\n</ol>");
    expect(html).toContain("<ul>\n<li>a</li>\n<li>b</li>\n</ul>");
    expect(html).toContain("<hr />");
    expect(renderMarkdown("3. 三\n4. 四")).toContain('<ol start="3">');
  });

  it("renders task lists as disabled checkboxes", () => {
    const html = renderMarkdown("- [ ] 見積依頼\n- [x] 日程調整");
    expect(html).toContain('<li><input type="checkbox" disabled /> 見積依頼</li>');
    expect(html).toContain('<li><input type="checkbox" disabled checked /> 日程調整</li>');
    expect(renderMarkdown('<input type="text" value="x">')).not.toContain("<input");
  });

  it("opens external links in a new tab without leaking the opener", () => {
    expect(renderMarkdown("[仕様](https://example.jp/spec)")).toBe(
      '<p><a href="https://example.jp/spec" rel="nofollow noopener noreferrer" target="_blank">仕様</a></p>\n',
    );
    expect(renderMarkdown("https://example.jp/x を参照")).toContain('target="_blank"');
    // A user-supplied target/rel is replaced, not kept.
    expect(renderMarkdown('<a href="http://example.jp" target="_self" rel="opener">x</a>')).toBe(
      '<p><a href="http://example.jp" rel="nofollow noopener noreferrer" target="_blank">x</a></p>\n',
    );
  });

  it("keeps in-app, anchor and mailto links in the same tab", () => {
    expect(renderMarkdown("[課題](/issues/12)")).toBe('<p><a href="/issues/12">課題</a></p>\n');
    expect(renderMarkdown("[上へ](#top)")).toBe('<p><a href="#top">上へ</a></p>\n');
    expect(renderMarkdown("[連絡](mailto:pmo@example.jp)")).toBe('<p><a href="mailto:pmo@example.jp">連絡</a></p>\n');
  });

  it("unlinks protocol-relative, backslash and bare relative links but keeps their text", () => {
    expect(renderMarkdown("[外](//evil.example/)")).toBe("<p>外</p>\n");
    expect(renderMarkdown('<a href="/\\evil.example/">外</a>')).toBe("<p>外</p>\n");
    expect(renderMarkdown("[相対](issues/1)")).toBe("<p>相対</p>\n");
    expect(renderMarkdown("[ftp](ftp://example.jp/x)")).toBe("<p>ftp</p>\n");
  });

  it("keeps our own attachment images, lazily loaded", () => {
    expect(renderMarkdown('![ポンチ絵](/attachments/42/sketch.png "全体像")')).toBe(
      '<p><img src="/attachments/42/sketch.png" loading="lazy" alt="ポンチ絵" title="全体像" /></p>\n',
    );
  });

  it("removes external and out-of-place images (no tracking pixels)", () => {
    for (const src of [
      "https://tracker.example/p.gif",
      "http://example.jp/a.png",
      "//tracker.example/p.gif",
      "/avatars/1.png",
      "/attachments/../logout",
      "/attachments/%2e%2e/admin",
      "attachments/1/a.png",
    ]) {
      const html = renderMarkdown(`画像 ![x](${src}) 終わり`);
      expect(html, src).not.toContain("<img");
      expect(html, src).toContain("画像");
      expect(html, src).toContain("終わり");
    }
  });

  it("drops classes, ids and styles users write themselves", () => {
    expect(renderMarkdown('<p class="alert" id="main" style="color:red">文</p>')).toBe("<p>文</p>");
    expect(renderMarkdown("```js\nlet a = 1;\n```")).toBe("<pre><code>let a = 1;\n</code></pre>\n");
  });

  it("leaves Japanese text as it is", () => {
    const text = "令和8年度の住民記録システム移行について、①〜③の論点を「北川市」と協議します。全角　スペースも保持。";
    expect(renderMarkdown(text)).toBe(`<p>${text}</p>\n`);
  });

  it("is deterministic and the memo does not mix up different inputs", () => {
    const source = "**同じ** 入力 @田中由美";
    const first = renderMarkdown(source);
    expect(renderMarkdown(source)).toBe(first);
    const withMention = renderMarkdown(source, { mentions: [{ name: "田中 由美", userId: 1 }] });
    expect(withMention).not.toBe(first);
    expect(withMention).toContain('<span class="mention">');
    expect(renderMarkdown(source)).toBe(first);
    // Many distinct inputs (more than the memo holds) still render correctly.
    for (let i = 0; i < 2_500; i++) expect(renderMarkdown(`項目 ${i}`)).toBe(`<p>項目 ${i}</p>\n`);
    expect(renderMarkdown(source)).toBe(first);
  });
});

describe("mentions", () => {
  const members = [
    { name: "田中 由美", userId: 1 },
    { name: "田中", userId: 2 },
    { name: "Ken Sato", userId: 3 },
  ];

  it("highlights @name-without-spaces with the member's full name", () => {
    expect(renderMarkdown("@田中由美さん、確認お願いします", { mentions: members })).toBe(
      '<p><span class="mention">@田中 由美</span>さん、確認お願いします</p>\n',
    );
    expect(renderMarkdown("**@KenSato** ok", { mentions: members })).toBe(
      '<p><strong><span class="mention">@Ken Sato</span></strong> ok</p>\n',
    );
  });

  it("prefers the longest matching name", () => {
    const html = renderMarkdown("@田中 と @田中由美", { mentions: members });
    expect(html).toBe('<p><span class="mention">@田中</span> と <span class="mention">@田中 由美</span></p>\n');
  });

  it("does not touch code, links or e-mail addresses", () => {
    const html = renderMarkdown(
      "`@田中由美` [@田中由美](/users/1) <a href=\"/u\">@田中由美</a> <code>@田中由美</code> ken@KenSato.example",
      { mentions: members },
    );
    expect(html).not.toContain("mention");
    expect(renderMarkdown("```\n@田中由美\n```", { mentions: members })).not.toContain("mention");
  });

  it("needs a word boundary after Latin names", () => {
    expect(renderMarkdown("@KenSatoh", { mentions: members })).not.toContain("mention");
    expect(renderMarkdown("@KenSato、", { mentions: members })).toContain('<span class="mention">@Ken Sato</span>');
  });

  it("is off without a member list, and typed mention spans are not trusted", () => {
    expect(renderMarkdown("@田中由美")).toBe("<p>@田中由美</p>\n");
    expect(renderMarkdown('<span class="mention">@社長</span>', { mentions: members })).toBe("<p>@社長</p>\n");
  });
});

describe("markdownToPlainText", () => {
  it("strips markup, decodes entities and collapses whitespace", () => {
    expect(markdownToPlainText("# 議題\n\n**A & B** は <未定>\n\n- 一\n- 二\n\n`<b>`")).toBe("議題 A & B は <未定> 一 二 <b>");
    expect(markdownToPlainText("1行目\n2行目")).toBe("1行目 2行目");
    expect(markdownToPlainText("&amp;lt; は文字")).toBe("&lt; は文字");
  });

  it("drops what the sanitizer drops", () => {
    expect(markdownToPlainText("前<script>alert(1)</script>後")).toBe("前後");
  });

  it("truncates to maxLength with an ellipsis, counting characters", () => {
    expect(markdownToPlainText("あいうえおかきくけこ", 5)).toBe("あいうえ…");
    expect(markdownToPlainText("あいうえお", 5)).toBe("あいうえお");
    expect(markdownToPlainText("😀😀😀😀😀😀", 4)).toBe("😀😀😀…");
    expect(markdownToPlainText("word word word", 6)).toBe("word…");
    expect(markdownToPlainText("長い".repeat(100))).toHaveLength(200);
  });
});
