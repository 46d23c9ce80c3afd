// The one rule for where a form may send the person next (`redirectTo`, `next`): a path of
// this site only. Browsers read `/\evil.example` and `/<TAB>/evil.example` as another host,
// so backslashes, controls and spaces are refused outright, and what remains must resolve
// to our own origin.
const HERE = "http://renkei.invalid";

export function safeRedirect(to: unknown, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2000 || /[\\\u0000-\u0020\u007f]/.test(to)) return fallback;
  try {
    const url = new URL(to, HERE);
    return url.origin === HERE ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
