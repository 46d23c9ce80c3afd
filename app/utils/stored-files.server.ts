// Where uploaded files live: once per content, under DATA_DIR/files/<first two hex digits>/<sha256>.
// Known here only, for the attachments and for the backup (which must not open the database
// through db.server, so it cannot import the attachment model).
import path from "node:path";

/** The folder of stored files in the data directory (and in a backup). */
export const FILES_FOLDER = "files";

/** A stored file's path inside the files folder. */
export function storedFileName(sha256: string) {
  return path.join(sha256.slice(0, 2), sha256);
}

export function storedFilePath(dataDir: string, sha256: string) {
  return path.join(dataDir, FILES_FOLDER, storedFileName(sha256));
}
