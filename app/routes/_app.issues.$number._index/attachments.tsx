import { useT } from "~/utils/i18n";
import type { Files } from "./types";

/** The files: images inline, the rest as downloads. */
export function Attachments({ files }: { files: Files }) {
  const t = useT();
  if (!files.length) return null;
  return (
    <div className="attachments" aria-label={t("issues.attachments")}>
      {files.map((f) =>
        f.mime.startsWith("image/") ? (
          <a key={f.id} href={`/attachments/${f.id}`} className="attachment-image" target="_blank" rel="noreferrer">
            <img src={`/attachments/${f.id}`} alt={f.fileName} loading="lazy" />
            <span className="small">{f.fileName}</span>
          </a>
        ) : (
          <a key={f.id} href={`/attachments/${f.id}`} className="attachment-file" download={f.mime === "application/pdf" ? undefined : f.fileName}>
            📎 {f.fileName} <span className="muted small">({Math.max(1, Math.round(f.size / 1024))} KB)</span>
          </a>
        ),
      )}
    </div>
  );
}
