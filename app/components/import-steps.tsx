// The four steps of an import (/admin/import and /admin/import/issues/:id), the current one marked.
import { useT } from "~/utils/i18n";

const STEPS = ["upload", "map", "preview", "run"] as const;
export type ImportStep = (typeof STEPS)[number];

export function ImportSteps({ current }: { current: ImportStep }) {
  const t = useT();
  const at = STEPS.indexOf(current);
  return (
    <ol className="import-steps" aria-label={t("issueImport.steps")}>
      {STEPS.map((step, i) => (
        <li key={step} className={i === at ? "current" : i < at ? "done" : undefined} aria-current={i === at ? "step" : undefined}>
          <span className="import-step-number" aria-hidden="true">
            {i + 1}
          </span>
          {t(`issueImport.step.${step}`)}
        </li>
      ))}
    </ol>
  );
}
