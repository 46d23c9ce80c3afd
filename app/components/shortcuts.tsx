// Keyboard shortcuts: `c` new issue, `/` search. Never while typing in a field, and never
// while an IME is composing (Japanese input uses Enter and letters to convert).
import { useNavigate } from "@remix-run/react";
import { useEffect } from "react";

export function isTyping(event: KeyboardEvent) {
  const target = event.target as HTMLElement | null;
  return (
    event.isComposing ||
    event.keyCode === 229 ||
    event.ctrlKey ||
    event.metaKey ||
    event.altKey ||
    !!target?.closest("input, textarea, select, [contenteditable='true']")
  );
}

export function useGlobalShortcuts({ newIssueHref }: { newIssueHref: string | null }) {
  const navigate = useNavigate();
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (isTyping(event)) return;
      if (event.key === "/") {
        event.preventDefault();
        // The header box is hidden on narrow screens; then the search page's box, or the page.
        const box = ["search-q", "site-search"]
          .map((id) => document.getElementById(id) as HTMLInputElement | null)
          .find((el) => el && el.offsetParent !== null);
        if (box) box.focus();
        else navigate("/search");
      } else if (event.key === "c" && newIssueHref) {
        event.preventDefault();
        navigate(newIssueHref);
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [navigate, newIssueHref]);
}
