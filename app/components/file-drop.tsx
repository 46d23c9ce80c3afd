// A file input that also accepts files dropped onto it (photos of hand-drawn sketches,
// meeting handouts). Without JavaScript it is a plain multiple file input.
import { useId, useRef, useState } from "react";
import { useT } from "~/utils/i18n";

export function FileDrop({ error, name = "files" }: { error?: string; name?: string }) {
  const t = useT();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  return (
    <div
      className={dragging ? "drop-zone dragging" : "drop-zone"}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (input.current && e.dataTransfer.files.length) input.current.files = e.dataTransfer.files;
      }}
    >
      <label htmlFor={id}>{t("comments.files")}</label>
      <input
        ref={input}
        id={id}
        type="file"
        name={name}
        multiple
        accept="image/*,.pdf,.docx,.xlsx,.pptx,.doc,.xls,.ppt,.txt,.csv,.md,.zip"
        aria-describedby={`${id}-hint`}
        aria-invalid={error ? true : undefined}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {t("comments.filesHint")}
      </p>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
