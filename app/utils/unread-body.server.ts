// A connection that always answers. When a response is sent before the request's body was
// read to its end (a refusal, a redirect that never needed the body, an upload over the
// limit), Node leaves the rest of the body on the connection: the next request on that
// keep-alive connection then waits behind it, and a client that sends its whole body
// before reading never gets to read the answer. So the rest is read and thrown away, up to
// a limit and a time; past those the connection is closed. A body declared larger than any
// form may be is refused at once and the connection closed after the answer.
import type { IncomingMessage, ServerResponse } from "node:http";
import { translate } from "~/i18n";
import { MAX_MULTIPART_BYTES } from "./request-body.server";

/** The largest body any form may send (a few files at the per-file limit). */
export const MAX_REQUEST_BYTES = MAX_MULTIPART_BYTES;
const DRAIN_MS = 15_000;

/** Connect-style middleware, first in the chain. */
export function answerUnreadBodies(req: IncomingMessage, res: ServerResponse, next: () => void) {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_REQUEST_BYTES) {
    res.writeHead(413, { "Content-Type": "text/plain; charset=utf-8", Connection: "close" });
    res.end(translate("ja", "error.body.tooLarge"));
    return;
  }
  res.once("finish", () => {
    if (!req.complete && !req.destroyed) drain(req);
  });
  next();
}

function drain(req: IncomingMessage) {
  const close = () => req.socket?.destroy();
  const timer = setTimeout(close, DRAIN_MS);
  timer.unref();
  let left = MAX_REQUEST_BYTES;
  // Whoever was reading (Remix's body stream) has stopped: take the bytes from here on.
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    left -= chunk.byteLength;
    if (left < 0) close();
  });
  req.once("end", () => clearTimeout(timer));
  req.once("close", () => clearTimeout(timer));
  req.on("error", () => clearTimeout(timer));
  req.resume();
}
