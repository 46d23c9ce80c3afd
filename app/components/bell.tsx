// The bell in the shell: a link to /notifications with the unread count, kept current by
// the server-sent events of /notifications/events (no reload needed).
import { Link, useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useT } from "~/utils/i18n";

/** How an unread count reads: the server counts up to 100, so beyond 99 it is 99+. */
export const unreadLabel = (count: number) => (count > 99 ? "99+" : String(count));

export function Bell({ initialCount }: { initialCount: number }) {
  const t = useT();
  const [count, setCount] = useState(initialCount);
  const { pathname } = useLocation();
  // A navigation brings a fresh count from the shell's loader.
  useEffect(() => setCount(initialCount), [initialCount]);
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    // Browsers allow few open connections per site: a hidden tab closes its stream and
    // reopens it when shown again (the stream starts with the current count).
    let source: EventSource | null = null;
    const onCount = (e: MessageEvent<string>) => {
      try {
        setCount((JSON.parse(e.data) as { count: number }).count);
      } catch {
        // ignore a malformed event
      }
    };
    const open = () => {
      if (source) return;
      source = new EventSource("/notifications/events");
      source.addEventListener("count", onCount as EventListener);
    };
    const close = () => {
      source?.removeEventListener("count", onCount as EventListener);
      source?.close();
      source = null;
    };
    const onVisibility = () => (document.visibilityState === "hidden" ? close() : open());
    if (document.visibilityState !== "hidden") open();
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      document.removeEventListener("visibilitychange", onVisibility);
      close();
    };
  }, []);
  const label = count > 0 ? t("notifications.bellUnread", { count: unreadLabel(count) }) : t("notifications.bell");
  return (
    <Link to="/notifications" className="bell" aria-label={label} title={label} aria-current={pathname === "/notifications" ? "page" : undefined} data-testid="bell">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      {count > 0 ? (
        <span className="bell-count" data-testid="bell-count" aria-hidden="true">
          {unreadLabel(count)}
        </span>
      ) : null}
    </Link>
  );
}
