// Client-side navigation for the plain links of a large table. A Remix <Link> resolves its
// path through the router for every link while the server renders the page (a 50-row list
// has over 60); one listener on the table does the same for all of them: a plain left click
// on a link of this site navigates inside the app, and anything else (a new tab, a modifier
// key, a download) stays the browser's.
import { useNavigate } from "@remix-run/react";
import { useCallback, useRef } from "react";

/** A ref for the element whose links navigate inside the app (attached whenever it mounts). */
export function useInAppLinks() {
  const navigate = useNavigate();
  const latest = useRef(navigate);
  latest.current = navigate;
  const detach = useRef<(() => void) | null>(null);
  return useCallback((element: HTMLElement | null) => {
    detach.current?.();
    detach.current = null;
    if (!element) return;
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement) || !element.contains(link) || link.target || link.hasAttribute("download")) return;
      const url = new URL(link.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      latest.current(url.pathname + url.search + url.hash);
    };
    element.addEventListener("click", onClick);
    detach.current = () => element.removeEventListener("click", onClick);
  }, []);
}
