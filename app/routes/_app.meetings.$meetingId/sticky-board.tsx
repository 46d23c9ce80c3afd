// The live sticky-note board (付箋ボード): one column per agenda item plus 「その他」,
// coloured notes by kind, add / edit / move / group / convert while the meeting runs.
// Live: an EventSource on /meetings/:id/events says *that* something changed; the board
// then refetches /meetings/:id/notes, which applies the visibility rules again (so a
// vendor's board never receives internal notes).
import { DateInput } from "~/components/forms";
import { Link, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type DragEvent, type KeyboardEvent, type ReactNode } from "react";
import type { MessageKey } from "~/i18n";
import type { BoardData } from "~/models/sticky-note.server";
import { useT } from "~/utils/i18n";
import { SketchCanvas } from "./sketch-canvas";

type Board = BoardData;
type Note = Board["notes"][number];
type Agenda = Board["agenda"];
type ActionResult = { ok: true } | { ok: false; errors: Record<string, MessageKey | undefined> };
type Column = { agendaItemId: number | null; title: string; notes: Note[] };

const KINDS = ["発言", "質問", "課題", "ToDo", "決定"] as const;
/** The note (and button) to focus once a moved card appears in its new column. */
let pendingFocus: { noteId: number; label: string } | null = null;
const DRAG_TYPE = "application/x-renkei-note";
const MAX = 400;

export function StickyBoard({
  meetingId,
  initial,
  canAdd: initialCanAdd,
  canInternal: initialCanInternal,
  agenda: initialAgenda,
  me,
}: {
  meetingId: number;
  initial: Board;
  canAdd: boolean;
  canInternal: boolean;
  agenda: Agenda;
  me: number;
}) {
  const t = useT();
  const loader = useFetcher<Board | null>({ key: `sticky-board-${meetingId}` });
  // The page's loader data is revalidated after its own actions (e.g. the meeting closes);
  // the board's refetch after live events. Show whichever was read last.
  const fetched = loader.data && loader.data.at >= initial.at ? loader.data : null;
  const board = fetched ?? initial;
  const canAdd = fetched ? board.canAdd : initialCanAdd;
  const canInternal = fetched ? board.canInternal : initialCanInternal;
  const agenda = fetched ? board.agenda : initialAgenda;
  const running = board.state === "開催中";
  const url = `/meetings/${meetingId}/notes`;

  // Refetch on every change; while a load runs, remember to load once more afterwards.
  const loading = useRef(false);
  const again = useRef(false);
  // The fetcher's state as of the last render: if a load started and finished within one
  // render (idle → idle), the effect below never saw it end; an idle fetcher is never "loading".
  const loaderState = useRef(loader.state);
  loaderState.current = loader.state;
  const refresh = useCallback(() => {
    if (loading.current && loaderState.current !== "idle") {
      again.current = true;
      return;
    }
    loading.current = true;
    loader.load(url);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url]);
  useEffect(() => {
    if (loader.state !== "idle") return;
    loading.current = false;
    if (again.current) {
      again.current = false;
      refresh();
    }
  }, [loader.state, refresh]);

  const [status, setStatus] = useState<"live" | "reconnecting" | null>(null);
  const since = useRef(initial.lastEventId);
  useEffect(() => {
    // Only a running meeting changes; a planned, closing or final board stays as loaded.
    if (typeof EventSource === "undefined" || !running) {
      setStatus(null);
      return;
    }
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      source = new EventSource(`/meetings/${meetingId}/events?since=${since.current}`);
      source.onopen = () => setStatus("live");
      source.onerror = () => {
        setStatus("reconnecting");
        // EventSource reconnects by itself (sending Last-Event-ID) unless the server
        // refused the stream outright (restart, proxy error): then start a new one.
        if (source?.readyState === EventSource.CLOSED) retry = setTimeout(connect, 5000);
      };
      source.addEventListener("change", (e) => {
        const id = Number((e as MessageEvent).lastEventId);
        if (id > since.current) since.current = id;
        refresh();
      });
    };
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, [meetingId, refresh, running]);

  // Drag and drop (optional; the ← → ↑ ↓ buttons do the same from the keyboard).
  const mover = useFetcher<ActionResult>();
  const moveErrors = useDone(mover, refresh);
  const dropInto = (agendaItemId: number | null) => (e: DragEvent<HTMLElement>) => {
    const noteId = e.dataTransfer.getData(DRAG_TYPE);
    if (!noteId) return;
    e.preventDefault();
    mover.submit({ intent: "move", noteId, agendaItemId: String(agendaItemId ?? "") }, { method: "post", action: url });
  };
  const allowDrop = (e: DragEvent<HTMLElement>) => {
    if (canAdd && e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault();
  };

  const columns: Column[] = [
    ...agenda.map((a) => ({ agendaItemId: a.id as number | null, title: a.issueNumber ? `#${a.issueNumber} ${a.title}` : a.title, notes: [] as Note[] })),
    { agendaItemId: null, title: t("board.other"), notes: [] },
  ];
  const byId = new Map(columns.map((c) => [c.agendaItemId, c]));
  for (const n of board.notes) (byId.get(n.agendaItemId) ?? byId.get(null)!).notes.push(n);

  return (
    <div className="sticky-board" data-meeting={meetingId}>
      <div className="sb-header">
        <p className="muted small">{canAdd ? t("board.hint") : t("board.readOnly")}</p>
        {status ? (
          <p className={`sb-status sb-status-${status}`} role="status">
            {status === "live" ? t("board.live") : t("board.reconnecting")}
          </p>
        ) : null}
      </div>
      <FormError errors={moveErrors} />
      <div className="sb-columns">
        {columns.map((col, ci) => (
          <section key={col.agendaItemId ?? "other"} className="sb-column" aria-label={col.title} onDragOver={allowDrop} onDrop={dropInto(col.agendaItemId)}>
            <h3>{col.title}</h3>
            {col.notes.length ? (
              <ul className="sb-notes">
                {col.notes.map((n, ni) => (
                  <NoteCard
                    key={n.id}
                    note={n}
                    url={url}
                    mine={n.authorId === me}
                    canAdd={canAdd}
                    canMakeIssue={canAdd && board.canMakeIssue}
                    canDraftDecision={canAdd && board.canDraftDecision}
                    people={board.people}
                    columns={columns}
                    columnIndex={ci}
                    index={ni}
                    onDone={refresh}
                  />
                ))}
              </ul>
            ) : (
              <p className="muted small">{t("board.empty")}</p>
            )}
            {canAdd ? <AddNote url={url} column={col} canInternal={canInternal} onDone={refresh} /> : null}
          </section>
        ))}
      </div>
    </div>
  );
}

/** Calls onDone once after each successful submission of this fetcher. */
/** A note's kind (発言, 質問, 課題, ToDo, 決定), in the add and the edit form. */
function KindField({ id, defaultValue }: { id: string; defaultValue: string }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t("board.kind")}</label>
      <select id={id} name="kind" defaultValue={defaultValue}>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`noteKind.${k}` as MessageKey)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** One of a note's small forms: posts `intent` for the note, with the fields given inside. */
function NoteForm({ fetcher, url, intent, noteId, children }: { fetcher: ReturnType<typeof useFetcher<ActionResult>>; url: string; intent: string; noteId: number; children: ReactNode }) {
  return (
    <fetcher.Form method="post" action={url} className="sb-inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="noteId" value={noteId} />
      {children}
    </fetcher.Form>
  );
}

function useDone(fetcher: ReturnType<typeof useFetcher<ActionResult>>, onDone: () => void) {
  const seen = useRef<unknown>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && fetcher.data !== seen.current) {
      seen.current = fetcher.data;
      if (fetcher.data.ok) onDone();
    }
  }, [fetcher.state, fetcher.data, onDone]);
  return fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
}

/** Enter submits, Shift+Enter breaks the line; never while an IME is composing (変換中). */
function submitOnEnter(e: KeyboardEvent<HTMLTextAreaElement>) {
  if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return;
  e.preventDefault();
  e.currentTarget.form?.requestSubmit();
}

function AddNote({ url, column, canInternal, onDone }: { url: string; column: Column; canInternal: boolean; onDone: () => void }) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const [text, setText] = useState("");
  // A fresh form after each note: the kind and the internal-memo box start over too, so the
  // next note is never internal by accident.
  const [formKey, setFormKey] = useState(0);
  const done = useCallback(() => {
    setText("");
    setFormKey((k) => k + 1);
    onDone();
  }, [onDone]);
  const errors = useDone(fetcher, done);
  const id = `add-${column.agendaItemId ?? "other"}`;
  const length = [...text].length;
  return (
    <details className="sb-add">
      <summary>{t("board.add")}</summary>
      <fetcher.Form key={formKey} method="post" action={url} aria-label={t("board.addTo", { column: column.title })}>
        <input type="hidden" name="intent" value="add" />
        <input type="hidden" name="agendaItemId" value={column.agendaItemId ?? ""} />
        <KindField id={`${id}-kind`} defaultValue="発言" />
        <div className={errors.text ? "field has-error" : "field"}>
          <label htmlFor={`${id}-text`}>{t("board.text")}</label>
          <textarea
            id={`${id}-text`}
            name="text"
            rows={3}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            onKeyDown={submitOnEnter}
            autoFocus={formKey > 0}
            aria-describedby={`${id}-count ${id}-hint`}
            aria-invalid={errors.text ? true : undefined}
          />
          <p id={`${id}-count`} className={length > MAX ? "field-error small" : "field-hint small"} aria-live="polite">
            {t("board.count", { count: length })}
          </p>
          <p id={`${id}-hint`} className="field-hint small">
            {t("board.textHint")}
          </p>
          {errors.text ? (
            <p className="field-error" role="alert">
              {t(errors.text)}
            </p>
          ) : null}
        </div>
        {canInternal ? (
          <div className="field checkbox">
            <input id={`${id}-internal`} type="checkbox" name="internal" />
            <label htmlFor={`${id}-internal`}>{t("board.internal")}</label>
          </div>
        ) : null}
        <FormError errors={errors} />
        <div className="form-actions">
          <button type="submit" className="button primary small" disabled={fetcher.state !== "idle" || length > MAX}>
            {t("board.add")}
          </button>
        </div>
      </fetcher.Form>
    </details>
  );
}

function FormError({ errors }: { errors: Record<string, MessageKey | undefined> }) {
  const t = useT();
  // Field errors shown next to their own field (text, assignee, due date, issue number, sketch) are not repeated here.
  const message = errors.form ?? errors.agendaItemId ?? errors.noteId ?? errors.intent ?? errors.kind ?? errors.cluster ?? errors.version ?? errors.position;
  return message ? (
    <p className="form-error small" role="alert">
      {t(message)}
    </p>
  ) : null;
}

function NoteCard({
  note: n,
  url,
  mine,
  canAdd,
  canMakeIssue,
  canDraftDecision,
  people,
  columns,
  columnIndex,
  index,
  onDone,
}: {
  note: Note;
  url: string;
  mine: boolean;
  canAdd: boolean;
  canMakeIssue: boolean;
  canDraftDecision: boolean;
  people: Board["people"];
  columns: Column[];
  columnIndex: number;
  index: number;
  onDone: () => void;
}) {
  const t = useT();
  const fetcher = useFetcher<ActionResult>();
  const [editing, setEditing] = useState(false);
  const done = useCallback(() => {
    setEditing(false);
    onDone();
  }, [onDone]);
  const errors = useDone(fetcher, done);
  const busy = fetcher.state !== "idle";
  const siblings = columns[columnIndex].notes;
  const post = (values: Record<string, string>) => fetcher.submit({ noteId: String(n.id), ...values }, { method: "post", action: url });
  const moveWithin = (delta: -1 | 1) => {
    const target = index + delta;
    const beyond = index + 2 * delta;
    const position =
      siblings[beyond] !== undefined ? (siblings[target].position + siblings[beyond].position) / 2 : siblings[target].position + delta;
    post({ intent: "move", agendaItemId: String(columns[columnIndex].agendaItemId ?? ""), position: String(position) });
  };
  const moveTo = (ci: number, label: string) => {
    pendingFocus = { noteId: n.id, label };
    post({ intent: "move", agendaItemId: String(columns[ci].agendaItemId ?? "") });
  };
  const [editText, setEditText] = useState(n.text);
  // The version the editor saw when they started: a live refresh meanwhile must not update
  // it, or a save would silently overwrite someone else's change.
  const [editVersion, setEditVersion] = useState(n.version);
  const card = useRef<HTMLLIElement>(null);
  useEffect(() => {
    // After a move to another column the card is new: give the focus back to its button.
    if (pendingFocus?.noteId === n.id) {
      const buttons = card.current?.querySelectorAll<HTMLButtonElement>(".sb-move button:not(:disabled)") ?? [];
      ([...buttons].find((b) => b.getAttribute("aria-label") === pendingFocus?.label) ?? buttons[0])?.focus();
      pendingFocus = null;
    }
  });

  return (
    <li
      ref={card}
      id={`note-${n.id}`}
      className={`sb-note sb-${n.color}${n.internal ? " sb-internal" : ""}`}
      data-note-id={n.id}
      draggable={canAdd && !editing}
      onDragStart={(e) => {
        e.dataTransfer.setData(DRAG_TYPE, String(n.id));
        e.dataTransfer.effectAllowed = "move";
      }}
    >
      <p className="sb-note-head small">
        <span className="sb-kind">{t(`noteKind.${n.kind}` as MessageKey)}</span>
        {n.internal ? <span className="badge internal">{t("board.internalBadge")}</span> : null}
        {n.cluster ? (
          <span className="sb-cluster">
            {t("board.cluster")}: {n.cluster}
          </span>
        ) : null}
      </p>
      {editing ? (
        <fetcher.Form method="post" action={url} className="sb-edit">
          <input type="hidden" name="intent" value="edit" />
          <input type="hidden" name="noteId" value={n.id} />
          <input type="hidden" name="version" value={editVersion} />
          <KindField id={`edit-${n.id}-kind`} defaultValue={n.kind} />
          <div className="field">
            <label htmlFor={`edit-${n.id}-text`}>{t("board.text")}</label>
            <textarea id={`edit-${n.id}-text`} name="text" rows={3} value={editText} onChange={(e) => setEditText(e.currentTarget.value)} onKeyDown={submitOnEnter} />
            <p className="field-hint small" aria-live="polite">
              {t("board.count", { count: [...editText].length })}
            </p>
            {errors.text ? (
              <p className="field-error" role="alert">
                {t(errors.text)}
              </p>
            ) : null}
          </div>
          <div className="form-actions">
            <button type="submit" className="button primary small" disabled={busy}>
              {t("board.save")}
            </button>
            <button type="button" className="button small" onClick={() => setEditing(false)}>
              {t("board.cancel")}
            </button>
          </div>
        </fetcher.Form>
      ) : (
        <p className="sb-text">{n.text}</p>
      )}
      {n.sketches.map((s) => (
        <a key={s.id} href={`/attachments/${s.id}`} target="_blank" rel="noreferrer" className="sb-sketch-image">
          <img src={`/attachments/${s.id}`} alt={t("board.sketchAlt", { name: s.fileName })} loading="lazy" />
        </a>
      ))}
      <p className="sb-meta small">
        {t("board.by", { name: n.authorName, town: n.organizationName })}
        {n.issueNumber ? (
          <>
            {" "}
            <Link to={`/issues/${n.issueNumber}`}>{t("board.becameIssue", { number: n.issueNumber })}</Link>
          </>
        ) : null}
        {n.decisionId ? (
          <>
            {" "}
            <Link to={`/decisions/${n.decisionId}`}>{t("board.becameDecision", { number: n.decisionNumber ?? "" })}</Link>
          </>
        ) : null}
      </p>
      <FormError errors={errors} />
      {canAdd && !editing ? (
        <div className="sb-actions">
          <div className="sb-move" role="group" aria-label={t("board.moveUp")}>
            <button type="button" className="sb-icon" aria-label={t("board.moveLeft")} title={t("board.moveLeft")} disabled={busy || columnIndex === 0} onClick={() => moveTo(columnIndex - 1, t("board.moveLeft"))}>
              ←
            </button>
            <button type="button" className="sb-icon" aria-label={t("board.moveUp")} title={t("board.moveUp")} disabled={busy || index === 0} onClick={() => moveWithin(-1)}>
              ↑
            </button>
            <button type="button" className="sb-icon" aria-label={t("board.moveDown")} title={t("board.moveDown")} disabled={busy || index === siblings.length - 1} onClick={() => moveWithin(1)}>
              ↓
            </button>
            <button type="button" className="sb-icon" aria-label={t("board.moveRight")} title={t("board.moveRight")} disabled={busy || columnIndex === columns.length - 1} onClick={() => moveTo(columnIndex + 1, t("board.moveRight"))}>
              →
            </button>
          </div>
          {mine ? (
            <>
              <button
                type="button"
                className="link-button small"
                onClick={() => {
                  setEditText(n.text);
                  setEditVersion(n.version);
                  setEditing(true);
                }}
              >
                {t("board.edit")}
              </button>
              <button
                type="button"
                className="link-button small"
                disabled={busy}
                onClick={() => {
                  if (window.confirm(t("board.deleteConfirm"))) post({ intent: "delete" });
                }}
              >
                {t("board.delete")}
              </button>
            </>
          ) : null}
          <details className="sb-more">
            <summary className="small">{t("board.cluster")}</summary>
            <NoteForm fetcher={fetcher} url={url} intent="cluster" noteId={n.id}>
              <label htmlFor={`cluster-${n.id}`} className="small">
                {t("board.clusterLabel")}
              </label>
              <input id={`cluster-${n.id}`} name="cluster" defaultValue={n.cluster ?? ""} maxLength={40} />
              <button type="submit" className="button small" disabled={busy}>
                {t("board.clusterSave")}
              </button>
            </NoteForm>
          </details>
          {canMakeIssue && (n.kind === "課題" || n.kind === "ToDo") && !n.converted ? (
            <details className="sb-more">
              <summary className="small">{t("board.toIssue")}</summary>
              <NoteForm fetcher={fetcher} url={url} intent="to-issue" noteId={n.id}>
                <label htmlFor={`assignee-${n.id}`} className="small">
                  {t("board.assignee")}
                </label>
                <select id={`assignee-${n.id}`} name="assigneeId" defaultValue="">
                  <option value="">{t("board.noAssignee")}</option>
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}（{p.organizationName}）
                    </option>
                  ))}
                </select>
                <label htmlFor={`due-${n.id}`} className="small">
                  {t("board.due")}
                </label>
                <DateInput id={`due-${n.id}`} name="dueOn" />
                {errors.assigneeId || errors.dueOn ? (
                  <p className="field-error small" role="alert">
                    {t((errors.assigneeId ?? errors.dueOn)!)}
                  </p>
                ) : null}
                <button type="submit" className="button primary small" disabled={busy}>
                  {t("board.toIssueSubmit")}
                </button>
              </NoteForm>
              <NoteForm fetcher={fetcher} url={url} intent="attach-to-issue" noteId={n.id}>
                <label htmlFor={`attach-${n.id}`} className="small">
                  {t("board.attachToIssue")}: {t("board.issueNumber")}
                </label>
                <input id={`attach-${n.id}`} name="issueNumber" inputMode="numeric" size={6} />
                {errors.issueNumber ? (
                  <p className="field-error small" role="alert">
                    {t(errors.issueNumber)}
                  </p>
                ) : null}
                <button type="submit" className="button small" disabled={busy}>
                  {t("board.attachSubmit")}
                </button>
              </NoteForm>
            </details>
          ) : null}
          {canDraftDecision && n.kind === "決定" && !n.converted ? (
            <button type="button" className="button small" disabled={busy} onClick={() => post({ intent: "to-decision" })}>
              {t("board.toDecision")}
            </button>
          ) : null}
          {mine ? (
            <details className="sb-more">
              <summary className="small">{t("board.sketch")}</summary>
              <SketchCanvas
                busy={busy}
                onSave={(file) => {
                  const form = new FormData();
                  form.set("intent", "sketch");
                  form.set("noteId", String(n.id));
                  form.set("sketch", file, file.name || "sketch.png");
                  fetcher.submit(form, { method: "post", action: url, encType: "multipart/form-data" });
                }}
              />
              {errors.sketch ? (
                <p className="field-error small" role="alert">
                  {t(errors.sketch)}
                </p>
              ) : null}
            </details>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
