// Cross-site request forgery defence: every state-changing request must come from our own
// origin. Checked once for all actions in the server entry (server.ts) before Remix runs.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string) {
  return SAFE_METHODS.has(method.toUpperCase());
}

/**
 * True when the request's Origin (or, failing that, Referer) names this server.
 * A request that carries neither is refused: browsers always send one on POST.
 */
export function isSameOrigin(
  headers: { origin?: string | null; referer?: string | null; host?: string | null },
  protocol: string,
  extraOrigins: string[] = [],
) {
  const claimed = headers.origin && headers.origin !== "null" ? headers.origin : originOf(headers.referer);
  if (!claimed || !headers.host) return false;
  const own = `${protocol}://${headers.host}`.toLowerCase();
  return claimed.toLowerCase() === own || extraOrigins.map((o) => o.toLowerCase()).includes(claimed.toLowerCase());
}

function originOf(url: string | null | undefined) {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
