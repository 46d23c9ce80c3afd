// Server-sent events (text/event-stream) for the live board and the bell: the stream's
// bookkeeping in one place — timers, the client going away, and a consumer that closed.
export type EventSink = {
  /** Sends raw SSE text; does nothing once the stream is closed. */
  send: (text: string) => void;
  stop: () => void;
};

/**
 * Opens a stream that tells the browser to reconnect after `retryMs`, runs `first` at once and
 * each `every` timer until the client goes away (or `stop` is called).
 */
export function eventStream(
  request: Request,
  retryMs: number,
  setup: (sink: EventSink) => { every: [ms: number, tick: () => void][]; first?: () => void },
) {
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const timers: ReturnType<typeof setInterval>[] = [];
      const send = (text: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      stop = () => {
        if (closed) return;
        closed = true;
        timers.forEach(clearInterval);
        request.signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // already closed by the consumer
        }
      };
      const { every, first } = setup({ send, stop });
      request.signal.addEventListener("abort", stop);
      if (request.signal.aborted) return stop();
      for (const [ms, tick] of every) timers.push(setInterval(() => closed || tick(), ms));
      send(`retry: ${retryMs}\n: connected\n\n`);
      first?.();
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
