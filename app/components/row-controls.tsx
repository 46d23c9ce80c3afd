// Tables and the controls of their rows: a one-button form that posts back to its page
// (mark done, archive, remove…) and a table with its header row. The admin pages, the
// guest and user lists and the issue timeline share them, so every row button posts the
// same way and carries an accessible name that says which row it acts on.
import { Form } from "@remix-run/react";
import type { FormEvent, ReactNode } from "react";

/** A form of one button: posts `intent` with the row's hidden `fields` (its id). */
export function IntentButton({
  intent,
  fields,
  children,
  label,
  danger = false,
  className,
  formClassName,
  disabled,
  confirm,
}: {
  intent: string;
  fields: Record<string, string | number>;
  children: ReactNode;
  /** The accessible name, naming the row ("「設計完了」を完了にする"). */
  label?: string;
  danger?: boolean;
  /** Replaces the default small button look (e.g. "link-button small"). */
  className?: string;
  formClassName?: string;
  disabled?: boolean;
  /** Asked before posting; the form is not sent when the person declines. */
  confirm?: string;
}) {
  const onSubmit = confirm ? (e: FormEvent) => void (window.confirm(confirm) || e.preventDefault()) : undefined;
  return (
    <Form method="post" className={formClassName} onSubmit={onSubmit}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        name="intent"
        value={intent}
        className={className ?? (danger ? "button small danger" : "button small")}
        aria-label={label}
        disabled={disabled}
      >
        {children}
      </button>
    </Form>
  );
}

/** A table with a header row: `headers` are the column titles (a `hidden` one is read out only). */
export function HeadedTable({
  headers,
  className = "table",
  flat = false,
  children,
}: {
  headers: { label: ReactNode; numeric?: boolean; hidden?: boolean }[];
  className?: string;
  /** Inside a card: no frame of its own. */
  flat?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={flat ? "table-wrap flat" : "table-wrap"}>
      <table className={className}>
        <thead>
          <tr>
            {headers.map((h, i) => (
              <th key={i} scope="col" className={h.numeric ? "num" : undefined}>
                {h.hidden ? <span className="visually-hidden">{h.label}</span> : h.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** The admin pages' tables inside a card, whose last column holds the row's buttons. */
export const ControlsTable = (props: { headers: { label: ReactNode; numeric?: boolean }[]; children: ReactNode }) => (
  <HeadedTable {...props} className="table with-controls" flat />
);

/**
 * The last card of an admin page: deleting what was set up by mistake. Says what may be deleted,
 * asks once more, and shows why a refused deletion was refused.
 */
export function DeleteSection({ title, explain, error, confirm, button, fields = {} }: { title: string; explain: string; error?: string; confirm: string; button: string; fields?: Record<string, string | number> }) {
  return (
    <section className="card danger-zone" aria-label={title}>
      <h2>{title}</h2>
      <p className="small">{explain}</p>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <IntentButton intent="delete" fields={fields} danger confirm={confirm} className="button danger">
        {button}
      </IntentButton>
    </section>
  );
}
