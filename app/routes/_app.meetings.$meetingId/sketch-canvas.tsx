// A small drawing surface for ポンチ絵 (rough sketches) on a sticky note: pen, eraser,
// undo, clear; saved as PNG. An image file can be chosen or pasted instead.
import { useEffect, useRef, useState, type ClipboardEvent, type PointerEvent } from "react";
import { useT } from "~/utils/i18n";

const WIDTH = 480;
const HEIGHT = 300;

export function SketchCanvas({ onSave, busy }: { onSave: (file: File) => void; busy?: boolean }) {
  const t = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const history = useRef<ImageData[]>([]);
  const [tool, setTool] = useState<"pen" | "eraser">("pen");
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * WIDTH) / rect.width, y: ((e.clientY - rect.top) * HEIGHT) / rect.height };
  };
  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    history.current.push(ctx.getImageData(0, 0, WIDTH, HEIGHT));
    if (history.current.length > 30) history.current.shift();
    drawing.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    const { x, y } = point(e);
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.lineTo(x + 0.1, y + 0.1);
    stroke(ctx);
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx || !drawing.current) return;
    const { x, y } = point(e);
    ctx.lineTo(x, y);
    stroke(ctx);
  };
  const stroke = (ctx: CanvasRenderingContext2D) => {
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = tool === "pen" ? "#1f2933" : "#ffffff";
    ctx.lineWidth = tool === "pen" ? 3 : 18;
    ctx.stroke();
    setDirty(true);
  };
  const up = () => {
    drawing.current = false;
  };
  const undo = () => {
    const ctx = canvas.current?.getContext("2d");
    const previous = history.current.pop();
    if (ctx && previous) ctx.putImageData(previous, 0, 0);
    if (!history.current.length) setDirty(false);
  };
  const clear = () => {
    const ctx = canvas.current?.getContext("2d");
    if (!ctx) return;
    history.current.push(ctx.getImageData(0, 0, WIDTH, HEIGHT));
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
  };
  // Encoded at once (toDataURL), not by toBlob's callback, which Chromium may hold back until
  // the window paints again: a sketch saved just before switching windows would wait for it.
  const save = () => {
    const url = canvas.current?.toDataURL("image/png");
    if (!url) return;
    const bytes = Uint8Array.from(atob(url.slice(url.indexOf(",") + 1)), (c) => c.charCodeAt(0));
    onSave(new File([bytes], "sketch.png", { type: "image/png" }));
  };
  const paste = (e: ClipboardEvent<HTMLDivElement>) => {
    const file = [...e.clipboardData.files].find((f) => f.type.startsWith("image/"));
    if (file) {
      e.preventDefault();
      onSave(file);
    }
  };

  return (
    <div className="sb-sketch" onPaste={paste}>
      <div className="sb-sketch-tools" role="toolbar" aria-label={t("board.sketch")}>
        <button type="button" className="button small" aria-pressed={tool === "pen"} onClick={() => setTool("pen")}>
          {t("board.sketchPen")}
        </button>
        <button type="button" className="button small" aria-pressed={tool === "eraser"} onClick={() => setTool("eraser")}>
          {t("board.sketchEraser")}
        </button>
        <button type="button" className="button small" onClick={undo}>
          {t("board.sketchUndo")}
        </button>
        <button type="button" className="button small" onClick={clear}>
          {t("board.sketchClear")}
        </button>
      </div>
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        className="sb-canvas"
        aria-label={t("board.sketchCanvas")}
        role="img"
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
      />
      <div className="form-actions">
        <button type="button" className="button primary small" onClick={save} disabled={busy || !dirty}>
          {t("board.sketchSave")}
        </button>
        <label className="button small sb-upload">
          {t("board.sketchUpload")}
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            className="visually-hidden"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file) onSave(file);
              e.currentTarget.value = "";
            }}
          />
        </label>
      </div>
    </div>
  );
}
