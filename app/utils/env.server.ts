// Runtime configuration, read once. Everything has a default so `npm start` works as is.
import path from "node:path";

const databasePath = path.resolve(process.env.DATABASE_PATH ?? "./data/renkei.db");

export const env = {
  isProduction: process.env.NODE_ENV === "production",
  databasePath,
  /** Uploaded files and other data live beside the database. */
  dataDir: path.resolve(process.env.DATA_DIR ?? path.dirname(databasePath)),
  /** Extra origins allowed to POST (comma separated), e.g. behind a proxy. */
  allowedOrigins: (process.env.ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
  /** Trust X-Forwarded-* headers (only behind a proxy you control). */
  trustProxy: process.env.TRUST_PROXY === "1",
};

/** Shown on the sign-in page while the demo consortium is in use (SEED_DEMO=0 hides it). */
export const demoLoginsShown = process.env.SEED_DEMO !== "0";
