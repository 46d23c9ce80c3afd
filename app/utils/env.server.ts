// Runtime configuration: every variable of the README's Configuration table (plus
// MAIL_WORKER and NODE_ENV), parsed once with zod. Everything has a default so `npm start`
// works as is; an empty value counts as unset. A value that cannot be right (PORT=abc,
// SEED_DEMO=false) stops the process with one line per variable naming it, instead of a
// server that quietly listens elsewhere or seeds the demo into a real deployment.
//
// This module imports nothing but zod and node builtins: server.ts's primary process, which
// otherwise loads no application code, parses the configuration with it before forking.
import os from "node:os";
import path from "node:path";
import { z } from "zod";

/** Values never echoed in an error: SMTP_URL carries a password; ALLOWED_ORIGINS names its wrong entry. */
const NOT_ECHOED = new Set(["SMTP_URL", "ALLOWED_ORIGINS"]);

const emptyIsUnset = (value: unknown) => (value === "" ? undefined : value);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyIsUnset, schema.optional());

function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .refine((n) => n >= min && n <= max, message);
}

/** "0" or "1", as the README documents; anything else is refused rather than guessed. */
const flag = z.enum(["0", "1"], { errorMap: () => ({ message: "must be 0 or 1" }) }).transform((v) => v === "1");

function url(protocols: string[], message: string) {
  return z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, message);
}

/** An origin as a browser sends it in the Origin header: scheme://host[:port], no path. */
function isOrigin(value: string) {
  try {
    const parsed = new URL(value);
    return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.origin === value.toLowerCase();
  } catch {
    return false;
  }
}

const origins = z
  .string()
  .transform((value) => value.split(",").map((o) => o.trim()).filter(Boolean))
  .superRefine((list, ctx) => {
    for (const o of list.filter((o) => !isOrigin(o))) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `lists "${o}", which is not an origin (scheme://host[:port], without a path or a trailing slash)` });
    }
  });

const schema = z
  .object({
    NODE_ENV: optional(z.string()),
    PORT: optional(wholeNumber(1, 65535)),
    DATABASE_PATH: optional(z.string()),
    DATA_DIR: optional(z.string()),
    WEB_CONCURRENCY: optional(wholeNumber(1, 1024)),
    SEED_DEMO: optional(flag),
    TRUST_PROXY: optional(flag),
    MAIL_WORKER: optional(flag),
    ALLOWED_ORIGINS: optional(origins),
    CHROMIUM_PATH: optional(z.string()),
    APP_URL: optional(url(["http:", "https:"], "must be an http:// or https:// URL")),
    SMTP_URL: optional(url(["smtp:", "smtps:"], "must be an smtp:// or smtps:// URL")),
    MAIL_FROM: optional(z.string()),
  })
  .transform((v) => {
    const databasePath = path.resolve(v.DATABASE_PATH ?? "./data/renkei.db");
    return {
      nodeEnv: v.NODE_ENV ?? "development",
      port: v.PORT ?? 3000,
      databasePath,
      /** Uploaded files and other data live beside the database. */
      dataDir: path.resolve(v.DATA_DIR ?? path.dirname(databasePath)),
      /** Server worker processes (server.ts). */
      webConcurrency: v.WEB_CONCURRENCY ?? os.availableParallelism(),
      /** Seed the demo consortium on the first run and show its logins on the sign-in page. */
      seedDemo: v.SEED_DEMO ?? true,
      /** Trust X-Forwarded-* headers (only behind a proxy you control). */
      trustProxy: v.TRUST_PROXY ?? false,
      /** Send mail and run the daily jobs in this server (ADR 011). */
      mailWorker: v.MAIL_WORKER ?? true,
      /** Extra origins allowed to POST, e.g. behind a proxy. */
      allowedOrigins: v.ALLOWED_ORIGINS ?? [],
      /** The browser that prints report PDFs. */
      chromiumPath: v.CHROMIUM_PATH ?? "/usr/bin/chromium",
      /** Base URL of links in e-mail, without a trailing slash. */
      appUrl: (v.APP_URL ?? "http://localhost:3000").replace(/\/+$/, ""),
      /** Unset: mail is written as .eml files under dataDir/outbox. */
      smtpUrl: v.SMTP_URL,
      /** Unset: "Renkei" <no-reply@host of appUrl>. */
      mailFrom: v.MAIL_FROM,
    };
  });

export type Env = z.infer<typeof schema>;

export class InvalidEnvError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "InvalidEnvError";
  }
}

/** The configuration from these variables; throws InvalidEnvError, one line per wrong variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    const value = source[name];
    const shown = NOT_ECHOED.has(name) || value === undefined ? "" : ` (got "${value}")`;
    return `Invalid configuration: ${name} ${issue.message}${shown}.`;
  });
  throw new InvalidEnvError(problems);
}

function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (!(error instanceof InvalidEnvError)) throw error;
    // A stack trace would bury the one line that matters; nothing has started yet.
    console.error(error.message);
    process.exit(1);
  }
}

/** Read once at start-up. Tests may override a field (e.g. smtpUrl) for the code under test. */
export const env = loadEnv();
