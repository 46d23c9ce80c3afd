// Reading a ZIP file someone handed us (a consortium's export, ADR 026) without trusting it:
// yauzl reads the central directory, refuses absolute and `../` names, and checks that each
// entry inflates to the size it declares; on top of that every entry is read as a stream with
// our own byte counter, so a zip bomb or an oversized entry is stopped after at most `limit`
// bytes, whatever its headers claim. Writing is yazl's (see consortium-export.server.ts).
import crypto from "node:crypto";
import fs from "node:fs";
import yauzl from "yauzl";

/** Why an archive was refused: the caller turns the code into a message. */
export type ArchiveProblem = "notZip" | "damaged" | "unsafeEntry" | "tooMany" | "tooLarge";

export class ArchiveError extends Error {
  constructor(
    readonly problem: ArchiveProblem,
    readonly where?: string,
  ) {
    super(`${problem}${where ? `: ${where}` : ""}`);
    this.name = "ArchiveError";
  }
}

/** What an entry read yields besides its content: its size and sha256 (hex), as read. */
export type EntryDigest = { bytes: number; sha256: string };

export type Archive = {
  /** The file entries by name (directory entries are skipped). */
  entries: Map<string, yauzl.Entry>;
  /** An entry's bytes, at most `limit` of them (else tooLarge, as soon as the limit is passed). */
  readBytes(name: string, limit: number): Promise<{ content: Buffer } & EntryDigest>;
  /** An entry line by line (UTF-8, `\n`), without holding more than one line; empty lines are skipped. */
  readLines(name: string, limits: { entry: number; line: number }, onLine: (line: string, number: number) => void | Promise<void>): Promise<EntryDigest>;
  close(): void;
};

/** yauzl's own refusals of a name (see validateFileName in yauzl). */
const UNSAFE_NAME = /^(invalid relative path|absolute path|invalid characters in fileName)/;

function classify(error: unknown, where?: string): ArchiveError {
  if (error instanceof ArchiveError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (UNSAFE_NAME.test(message)) return new ArchiveError("unsafeEntry", message.replace(/^[^:]*:\s*/, ""));
  return new ArchiveError("damaged", where);
}

/**
 * Opens a ZIP file on disk and lists its entries (at most `maxEntries`, checked against the
 * directory's count before any entry is read). Refuses what is not a ZIP, or a cut-off one.
 */
export async function openArchive(file: string, { maxEntries }: { maxEntries: number }): Promise<Archive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true });
  } catch {
    throw new ArchiveError("notZip");
  }
  try {
    if (zip.entryCount > maxEntries) throw new ArchiveError("tooMany");
    const entries = new Map<string, yauzl.Entry>();
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith("/")) continue;
      if (entries.has(entry.fileName) || entry.isEncrypted()) throw new ArchiveError("unsafeEntry", entry.fileName);
      entries.set(entry.fileName, entry);
    }
    return archiveOf(zip, entries);
  } catch (error) {
    zip.close();
    throw classify(error);
  }
}

function archiveOf(zip: yauzl.ZipFile, entries: Map<string, yauzl.Entry>): Archive {
  /** Streams one entry through `onChunk`, counting and hashing, refusing past `limit`. */
  async function stream(name: string, limit: number, onChunk: (chunk: Buffer) => void | Promise<void>): Promise<EntryDigest> {
    const entry = entries.get(name);
    if (!entry) throw new ArchiveError("damaged", name);
    // The declared size first (cheap), then the bytes as they come (the header may lie).
    if (entry.uncompressedSize > limit) throw new ArchiveError("tooLarge", name);
    const hash = crypto.createHash("sha256");
    let bytes = 0;
    let input: NodeJS.ReadableStream | undefined;
    // What the caller's `onChunk` throws (a refused row) passes through as it is.
    const fromCaller = new WeakSet<object>();
    try {
      input = await zip.openReadStreamPromise(entry);
      for await (const chunk of input as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        if (bytes > limit) throw new ArchiveError("tooLarge", name);
        hash.update(chunk);
        try {
          await onChunk(chunk);
        } catch (error) {
          if (error instanceof Object) fromCaller.add(error);
          throw error;
        }
      }
    } catch (error) {
      (input as { destroy?: () => void } | undefined)?.destroy?.();
      throw error instanceof Object && fromCaller.has(error) ? error : classify(error, name);
    }
    return { bytes, sha256: hash.digest("hex") };
  }

  return {
    entries,
    async readBytes(name, limit) {
      const chunks: Buffer[] = [];
      const digest = await stream(name, limit, (chunk) => void chunks.push(chunk));
      return { content: Buffer.concat(chunks), ...digest };
    },
    async readLines(name, limits, onLine) {
      let carry = Buffer.alloc(0);
      let number = 0;
      const emit = async (line: Buffer) => {
        number++;
        const text = line.toString("utf8").replace(/\r$/, "");
        if (text.trim()) await onLine(text, number);
      };
      const digest = await stream(name, limits.entry, async (chunk) => {
        let data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10)) {
          await emit(data.subarray(0, nl));
          data = data.subarray(nl + 1);
        }
        if (data.length > limits.line) throw new ArchiveError("tooLarge", `${name}:${number + 1}`);
        carry = Buffer.from(data);
      });
      if (carry.length) await emit(carry);
      return digest;
    },
    close: () => zip.close(),
  };
}

/** The size of a file on disk (for the ratio limit of what an archive may inflate to). */
export const fileSize = (file: string) => fs.statSync(file).size;
