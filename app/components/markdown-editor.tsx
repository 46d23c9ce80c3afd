// A markdown textarea with a preview tab (rendered and sanitized on the server) and
// @mention completion from the WG's members. Works as a plain textarea without JavaScript.
import { useFetcher } from "@remix-run/react";
import { useId, useRef, useState, type KeyboardEvent } from "react";
import { useT } from "~/utils/i18n";
import { describedBy, FieldMessages } from "./forms";

export type MentionCandidate = { userId: number; name: string; organizationName: string };

const compact = (name: string) => name.replace(/\s+/g, "");

export function MarkdownEditor({
  name,
  label,
  defaultValue,
  error,
  hint,
  required,
  mentions = [],
  rows = 8,
}: {
  name: string;
  label: string;
  defaultValue?: string;
  error?: string;
  hint?: string;
  required?: boolean;
  mentions?: MentionCandidate[];
  rows?: number;
}) {
  const t = useT();
  const id = useId();
  const preview = useFetcher<{ html: string }>();
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [value, setValue] = useState(defaultValue ?? "");
  const [query, setQuery] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const area = useRef<HTMLTextAreaElement>(null);

  const matches =
    query === null ? [] : mentions.filter((m) => compact(m.name).includes(query) || m.organizationName.includes(query)).slice(0, 8);

  function updateQuery(text: string, caret: number) {
    const before = text.slice(0, caret);
    const match = /(^|\s)@([^\s@]{0,20})$/.exec(before);
    setQuery(match && mentions.length ? match[2] : null);
    setActive(0);
  }

  function insert(candidate: MentionCandidate) {
    const el = area.current;
    if (!el) return;
    const caret = el.selectionStart;
    const before = value.slice(0, caret).replace(/@([^\s@]{0,20})$/, `@${compact(candidate.name)} `);
    const next = before + value.slice(caret);
    setValue(next);
    setQuery(null);
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(before.length, before.length);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    // While an IME is composing, Enter and the arrows belong to the IME.
    if (event.nativeEvent.isComposing || matches.length === 0) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((i) => (i + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
    } else if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      insert(matches[active]);
    } else if (event.key === "Escape") {
      setQuery(null);
    }
  }

  function showPreview() {
    setTab("preview");
    preview.submit({ body: value }, { method: "post", action: "/markdown-preview" });
  }

  return (
    <div className={error ? "field has-error markdown-editor" : "field markdown-editor"}>
      <div className="editor-head">
        <label htmlFor={id}>{label}</label>
        <div className="editor-tabs" role="group">
          <button type="button" className={tab === "write" ? "tab active" : "tab"} aria-pressed={tab === "write"} onClick={() => setTab("write")}>
            {t("comments.write")}
          </button>
          <button type="button" className={tab === "preview" ? "tab active" : "tab"} aria-pressed={tab === "preview"} onClick={showPreview}>
            {t("comments.preview")}
          </button>
        </div>
      </div>
      <div className="editor-body" hidden={tab !== "write"}>
        <textarea
          ref={area}
          id={id}
          name={name}
          rows={rows}
          required={required}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, error, hint)}
          aria-autocomplete={mentions.length ? "list" : undefined}
          aria-controls={matches.length ? `${id}-mentions` : undefined}
          aria-activedescendant={matches.length ? `${id}-mention-${active}` : undefined}
          onChange={(e) => {
            setValue(e.target.value);
            updateQuery(e.target.value, e.target.selectionStart);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setTimeout(() => setQuery(null), 150)}
        />
        {matches.length ? (
          <ul className="mention-list" role="listbox" id={`${id}-mentions`} aria-label={t("comments.mentionList")}>
            {matches.map((m, i) => (
              <li
                key={m.userId}
                id={`${id}-mention-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault();
                  insert(m);
                }}
              >
                {m.name} <span className="muted small">{m.organizationName}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {tab === "preview" ? (
        <div className="markdown preview" aria-live="polite">
          {preview.state !== "idle" ? (
            <p className="muted">…</p>
          ) : preview.data?.html ? (
            <div dangerouslySetInnerHTML={{ __html: preview.data.html }} />
          ) : (
            <p className="muted">{t("comments.previewEmpty")}</p>
          )}
        </div>
      ) : null}
      <FieldMessages id={id} hint={hint} error={error} />
    </div>
  );
}
