// Markdown for issue bodies, comments, decisions and reports: rendered on the server with
// `marked` and then passed through an allow-list with `sanitize-html`, so whatever a user
// types (including raw HTML) can only ever produce the handful of tags listed below.
import { randomBytes } from "node:crypto";
import { Marked, type TokenizerAndRendererExtension } from "marked";
import sanitizeHtml from "sanitize-html";

export type MentionCandidate = { name: string; userId: number };

/**
 * Markdown → safe HTML. `breaks: true` because staff press Enter for a new line and
 * expect one. `@` + a member's name without spaces (`@田中由美`) becomes a mention chip.
 */
export function renderMarkdown(source: string, opts?: { mentions?: MentionCandidate[] }): string {
  const mentions = mentionsIn(source, opts?.mentions ?? []);
  // A JSON array has exactly one end, so no (names, source) pair can collide with another.
  const key = JSON.stringify(mentions.map((m) => m.name)) + source;
  const cached = cacheGet(key);
  if (cached !== undefined) return cached;
  const markdown = mentions.length ? markedWithMentions(mentions) : plainMarked;
  const html = sanitizeHtml(markdown.parse(source, { async: false }), SANITIZE_OPTIONS);
  cacheSet(key, html);
  return html;
}

/** Plain text for snippets, notifications and e-mails (NOT escaped: escape it where you embed it in HTML). */
export function markdownToPlainText(source: string, maxLength?: number): string {
  const text = decodeEntities(
    renderMarkdown(source)
      // Block ends and line breaks separate words; everything else just disappears.
      // Safe to do with regular expressions: the sanitizer's output has well-formed tags
      // and escapes `<`/`>` inside attribute values.
      .replace(/<br\s*\/?>|<\/(?:p|li|h[1-6]|td|th|tr|blockquote|pre|ul|ol|table)>|<hr\s*\/?>/gi, " ")
      .replace(/<[^>]*>/g, ""),
  )
    .replace(/\s+/g, " ")
    .trim();
  if (maxLength === undefined) return text;
  const chars = Array.from(text); // count code points, never split a surrogate pair
  if (chars.length <= maxLength) return text;
  return `${chars.slice(0, Math.max(0, maxLength - 1)).join("").trimEnd()}…`;
}

// --- mentions ----------------------------------------------------------------------------

type Mention = { name: string; compact: string };

/** Only the members actually mentioned in `source`, longest handle first (so `@田中由美` beats `@田中`). */
function mentionsIn(source: string, candidates: MentionCandidate[]): Mention[] {
  if (!candidates.length || !source.includes("@")) return [];
  const seen = new Set<string>();
  const found: Mention[] = [];
  for (const { name } of candidates) {
    const compact = name.replace(/\s+/g, "");
    if (!compact || seen.has(compact) || !source.includes(`@${compact}`)) continue;
    seen.add(compact);
    found.push({ name, compact });
  }
  return found.sort((a, b) => b.compact.length - a.compact.length || (a.compact < b.compact ? -1 : 1));
}

function mentionAt(src: string, index: number, mentions: Mention[]): Mention | undefined {
  if (src[index] !== "@") return undefined;
  return mentions.find((m) => {
    if (!src.startsWith(m.compact, index + 1)) return false;
    // `@Tanaka` must not match inside `@Tanakayama`; Japanese needs no boundary (`@田中由美さん`).
    const next = src[index + 1 + m.compact.length] ?? "";
    return !(/\w$/.test(m.compact) && /\w/.test(next));
  });
}

// Mention chips carry a per-process secret so that a user who types
// `<span class="mention">` by hand cannot fake one: the sanitizer keeps the class only
// when the secret is present, and always removes the secret itself.
const MENTION_MARK = randomBytes(12).toString("hex");

function markedWithMentions(mentions: Mention[]) {
  const extension: TokenizerAndRendererExtension = {
    name: "mention",
    level: "inline",
    start(src) {
      for (let i = src.indexOf("@"); i !== -1; i = src.indexOf("@", i + 1)) {
        // Not the "@" of an e-mail address (tanaka@…).
        if (i > 0 && /[\w.%+-]/.test(src[i - 1])) continue;
        if (mentionAt(src, i, mentions)) return i;
      }
      return undefined;
    },
    tokenizer(src, tokens) {
      // Link text and inline raw <code>/<pre> stay as written; code spans and blocks
      // never reach inline extensions at all.
      if (this.lexer.state.inLink || this.lexer.state.inRawBlock) return undefined;
      const before = tokens.at(-1);
      if (before?.type === "text" && /[\w.%+-]$/.test(before.raw)) return undefined;
      const mention = mentionAt(src, 0, mentions);
      if (!mention) return undefined;
      return { type: "mention", raw: `@${mention.compact}`, name: mention.name };
    },
    renderer(token) {
      return `<span data-mention="${MENTION_MARK}">@${escapeHtml(token.name)}</span>`;
    },
  };
  return new Marked(MARKED_OPTIONS, { extensions: [extension] });
}

// --- rendering and sanitizing --------------------------------------------------------------

const MARKED_OPTIONS = { gfm: true, breaks: true } as const;
const plainMarked = new Marked(MARKED_OPTIONS);

/**
 * Removes the tag but keeps its text. (Renaming to a disallowed tag would do the same, but
 * sanitize-html then mislabels the closing tag of the next sibling, so mark it instead.)
 */
const droppedTags = new WeakSet<sanitizeHtml.Attributes>();
const drop = (tagName: string) => {
  const attribs: sanitizeHtml.Attributes = {};
  droppedTags.add(attribs);
  return { tagName, attribs };
};

/** User content never outranks the page's own headings. */
const demote = (tagName: string) => () => ({ tagName, attribs: {} });

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "h3", "h4", "h5", "h6", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "hr",
    "input", "span",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel", "target"],
    img: ["src", "alt", "title", "loading"],
    input: ["type", "checked", "disabled"],
    ol: ["start"],
  },
  allowedClasses: {
    span: ["mention"],
    th: ["align-left", "align-center", "align-right"],
    td: ["align-left", "align-center", "align-right"],
  },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  exclusiveFilter: (frame) => (droppedTags.has(frame.attribs) ? "excludeTag" : false),
  // Drop the content of these too, not just the tags (the text would only be noise).
  nonTextTags: ["script", "style", "textarea", "option", "xmp", "noscript", "noembed", "noframes", "template", "title", "iframe", "object", "svg", "math"],
  // Every transform rebuilds the attributes from scratch: nothing the user wrote survives
  // unless it is re-validated here.
  transformTags: {
    h1: demote("h3"),
    h2: demote("h3"),
    h3: demote("h4"),
    h4: demote("h5"),
    h5: demote("h6"),
    h6: demote("h6"),
    a: (_tag, attribs) => {
      const href = safeLinkHref(attribs.href);
      if (href === null) return drop("a");
      const out: sanitizeHtml.Attributes = { href };
      if (attribs.title) out.title = attribs.title;
      if (/^https?:/i.test(href)) {
        out.rel = "nofollow noopener noreferrer";
        out.target = "_blank";
      }
      return { tagName: "a", attribs: out };
    },
    img: (_tag, attribs) => {
      const src = safeImageSrc(attribs.src);
      if (src === null) return drop("img"); // no external images: they would tell a third party who reads what
      const out: sanitizeHtml.Attributes = { src, loading: "lazy" };
      if (attribs.alt) out.alt = attribs.alt;
      if (attribs.title) out.title = attribs.title;
      return { tagName: "img", attribs: out };
    },
    input: (_tag, attribs) => {
      // Only GFM task-list boxes, and never clickable.
      if (attribs.type?.toLowerCase() !== "checkbox") return drop("input");
      const out: sanitizeHtml.Attributes = { type: "checkbox", disabled: "" };
      if ("checked" in attribs) out.checked = "";
      return { tagName: "input", attribs: out };
    },
    span: (_tag, attribs) =>
      attribs["data-mention"] === MENTION_MARK ? { tagName: "span", attribs: { class: "mention" } } : drop("span"),
    th: alignToClass("th"),
    td: alignToClass("td"),
    ol: (_tag, attribs) => {
      const out: sanitizeHtml.Attributes = {};
      if (/^\d{1,9}$/.test(attribs.start ?? "")) out.start = attribs.start;
      return { tagName: "ol", attribs: out };
    },
  },
};

function alignToClass(tagName: string) {
  return (_tag: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
    const align = attribs.align?.toLowerCase();
    const out: sanitizeHtml.Attributes = {};
    if (align === "left" || align === "center" || align === "right") out.class = `align-${align}`;
    return { tagName, attribs: out };
  };
}

/**
 * What a browser would make of the attribute: it drops tabs and newlines anywhere and
 * control characters and spaces at either end. Backslashes are refused outright because
 * browsers read `/\evil.example` as `//evil.example`.
 */
function normalizeUrl(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const url = raw.replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (!url || /[\u0000-\u001f\u007f\\]/.test(url)) return null;
  return url;
}

/** http(s), mailto, site-relative ("/…", not "//…") and in-page ("#…") links only. */
function safeLinkHref(raw: string | undefined): string | null {
  const url = normalizeUrl(raw);
  if (url === null) return null;
  if (/^(?:https?|mailto):/i.test(url)) return url;
  if (url.startsWith("#")) return url;
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  return null;
}

/** Our own uploaded files only: "/attachments/…", without "." or ".." path segments. */
function safeImageSrc(raw: string | undefined): string | null {
  const url = normalizeUrl(raw);
  if (url === null || !url.startsWith("/attachments/")) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.split(/[?#]/)[0]);
  } catch {
    return null;
  }
  if (/(?:^|\/)\.{1,2}(?:\/|$)/.test(path) || path.includes("\\") || path.includes("//")) return null;
  return url;
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** The sanitizer only ever emits &amp; &lt; &gt; &quot;; numeric forms are handled for safety. */
function decodeEntities(html: string) {
  return html.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi, (whole, dec, hex, name) => {
    if (name) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec ? Number(dec) : Number.parseInt(hex, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

// --- memo ----------------------------------------------------------------------------------
// The same comments are rendered on every page view. A small LRU (a Map keeps insertion
// order) bounded by entries and by characters, so a few huge documents cannot blow the
// server's memory budget.

const CACHE_MAX_ENTRIES = 2_000;
const CACHE_MAX_CHARS = 4_000_000;
const cache = new Map<string, string>();
let cachedChars = 0;

function cacheGet(key: string) {
  const html = cache.get(key);
  if (html !== undefined) {
    cache.delete(key);
    cache.set(key, html);
  }
  return html;
}

function cacheSet(key: string, html: string) {
  const size = key.length + html.length;
  if (size > CACHE_MAX_CHARS / 10) return;
  cache.set(key, html);
  cachedChars += size;
  while (cache.size > CACHE_MAX_ENTRIES || cachedChars > CACHE_MAX_CHARS) {
    const [oldestKey, oldestHtml] = cache.entries().next().value as [string, string];
    cache.delete(oldestKey);
    cachedChars -= oldestKey.length + oldestHtml.length;
  }
}
