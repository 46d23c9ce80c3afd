// Sign-in throttling. Failed attempts are rows in SQLite, so the limits hold across the
// cluster's processes and across restarts.
//
// Town staff reach us through one shared exit address (LGWAN), so the tight limit counts an
// account *from one address*: one person's typos, or a guesser at one desk, stop only that
// pair. Looser ceilings stop a password sprayed over many accounts from one address, and one
// account guessed from many addresses. A throttled owner gets in by a reset link sent to the
// account's e-mail, which the guesser does not read; using it clears the account's counters.
//
// One installation holds many consortia (ADR 029), and their people may share an exit address
// (a prefecture's network). The address ceiling is therefore counted per consortium of the
// account an attempt names (attempts naming no account have their own count): failures in one
// consortium never lock out another's people.
import { and, count, eq, gte, lt, or, sql } from "drizzle-orm";
import { db, schema, write, type Executor } from "./db.server";

const MINUTE = 60_000;

export const LIMITS = {
  /** One account from one address. */
  pair: { max: 10, windowMs: 10 * MINUTE },
  /** One account from any address (guessing spread over many machines). */
  account: { max: 50, windowMs: 10 * MINUTE },
  /** One address over all accounts (password spraying); high, since a whole town shares it. */
  address: { max: 100, windowMs: 10 * MINUTE },
  /** Reset e-mails asked for one e-mail address, known or not. */
  resetAccount: { max: 3, windowMs: 60 * MINUTE },
  /** Reset e-mails asked from one network address. */
  resetAddress: { max: 30, windowMs: 60 * MINUTE },
} as const;

type LimitName = keyof typeof LIMITS;
const LONGEST_WINDOW_MS = Math.max(...Object.values(LIMITS).map((l) => l.windowMs));

const normalEmail = (email: string) => email.trim().toLowerCase();

// The counters are keyed by the e-mail as typed (normalised), whether or not such an account
// exists, so being throttled tells nothing about which addresses are registered.
const keys = {
  pair: (email: string, ip: string) => `pair:${normalEmail(email)}|${ip}`,
  account: (email: string) => `email:${normalEmail(email)}`,
  address: (ip: string, consortiumId: number | null) => `ip:${consortiumId ?? "-"}:${ip}`,
  resetAccount: (email: string) => `reset-email:${normalEmail(email)}`,
  resetAddress: (ip: string) => `reset-ip:${ip}`,
};

async function reached(executor: Executor, name: LimitName, key: string, now: number) {
  const { max, windowMs } = LIMITS[name];
  const row = executor
    .select({ n: count() })
    .from(schema.loginAttempt)
    .where(and(eq(schema.loginAttempt.key, key), gte(schema.loginAttempt.at, now - windowMs)))
    .get();
  return (row?.n ?? 0) >= max;
}

async function record(executor: Executor, keyList: string[], now: number) {
  executor.insert(schema.loginAttempt).values(keyList.map((key) => ({ key, at: now }))).run();
  // Keep the table small: forget what no limit looks at any more.
  executor.delete(schema.loginAttempt).where(lt(schema.loginAttempt.at, now - LONGEST_WINDOW_MS)).run();
}

/** Which limit refuses this sign-in, if any: the account from this address, the account anywhere, or the address. */
export type LoginThrottle = "pair" | "account" | "address";

/** What a sign-in attempt names: the e-mail as typed, and the consortia of its account (none when there is no such account). */
type Attempt = { email: string; ip: string; consortiumIds?: number[]; now?: number };

const addressKeys = ({ ip, consortiumIds = [] }: Attempt) => (consortiumIds.length === 0 ? [keys.address(ip, null)] : consortiumIds.map((c) => keys.address(ip, c)));

export async function loginThrottle(attempt: Attempt): Promise<LoginThrottle | null> {
  const { email, ip, now = Date.now() } = attempt;
  if (await reached(db, "pair", keys.pair(email, ip), now)) return "pair";
  if (await reached(db, "account", keys.account(email), now)) return "account";
  for (const key of addressKeys(attempt)) if (await reached(db, "address", key, now)) return "address";
  return null;
}

export async function recordLoginFailure(attempt: Attempt) {
  const { email, ip, now = Date.now() } = attempt;
  await write((tx) => record(tx, [keys.pair(email, ip), keys.account(email), ...addressKeys(attempt)], now));
}

/**
 * A successful sign-in clears the pair's counter only: the account and address ceilings
 * count what others may be doing meanwhile, which the owner's success says nothing about.
 */
export async function clearPairFailures({ email, ip }: { email: string; ip: string }) {
  return write((tx) => tx.delete(schema.loginAttempt).where(eq(schema.loginAttempt.key, keys.pair(email, ip))).run());
}

/** After the owner proved they read the account's e-mail (a reset link): the account may sign in from anywhere again. */
export async function clearAccountThrottle(executor: Executor, email: string) {
  const pairPrefix = keys.pair(email, "");
  executor
    .delete(schema.loginAttempt)
    .where(
      or(
        eq(schema.loginAttempt.key, keys.account(email)),
        // substr counts characters, not UTF-16 units.
        sql`substr(${schema.loginAttempt.key}, 1, ${[...pairPrefix].length}) = ${pairPrefix}`,
      ),
    )
    .run();
}

/**
 * Counts a request for a reset e-mail; false when too many were asked for this e-mail or
 * from this address (then nothing is counted). The same for registered and unknown e-mails.
 */
export async function takeResetRequest({ email, ip, now = Date.now() }: { email: string; ip: string; now?: number }) {
  return write(async (tx) => {
    if (await reached(tx, "resetAccount", keys.resetAccount(email), now) || await reached(tx, "resetAddress", keys.resetAddress(ip), now)) return false;
    await record(tx, [keys.resetAccount(email), keys.resetAddress(ip)], now);
    return true;
  });
}
