// A new installation: until its first consortium exists, /setup?token=… (the token printed at
// start, and by `npm run setup-url`) creates the consortium, its secretariat and the first PMO
// account in one unit of work. From then on there is nothing to set up: the page is not found.
import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { notFound, ok, type Result } from "~/domain/result";
import { audit } from "~/utils/audit.server";
import { db, schema, write, type Executor, type Tx } from "~/utils/db.server";
import { text } from "~/utils/forms.server";
import { hashPassword } from "~/utils/password.server";
import { newPasswordFields } from "~/utils/password-policy";
import { createResetToken } from "./account.server";
import { consortiumFields } from "./consortium-settings.server";
import { addMembership } from "./membership.server";

export function isInstalled(ex: Executor = db) {
  return ex.select({ id: schema.consortium.id }).from(schema.consortium).limit(1).get() !== undefined;
}

/** The setup token of an installation not yet set up (made on first ask); null once set up. */
export async function setupToken(): Promise<string | null> {
  if (isInstalled()) return null;
  return write((tx) => {
    if (isInstalled(tx)) return null;
    const existing = tx.select({ token: schema.setupToken.token }).from(schema.setupToken).get();
    if (existing) return existing.token;
    const token = crypto.randomBytes(24).toString("base64url");
    tx.insert(schema.setupToken).values({ id: 1, token }).run();
    return token;
  });
}

/** Is this the installation's setup token (and is there still something to set up)? */
export function isSetupToken(token: string, ex: Executor = db) {
  if (isInstalled(ex)) return false;
  const stored = ex.select({ token: schema.setupToken.token }).from(schema.setupToken).get()?.token;
  if (!stored || !token) return false;
  const a = Buffer.from(stored);
  const b = Buffer.from(token);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

const SECRETARIAT_KINDS = ["municipality", "prefecture", "other"] as const;

/** The setup form: the consortium, its secretariat (事務局) and the first PMO account. */
export const setupSchema = z.object({
  consortiumName: consortiumFields.name,
  legalForm: consortiumFields.legalForm,
  fiscalYearStartMonth: consortiumFields.fiscalYearStartMonth,
  decisionRule: consortiumFields.decisionRule,
  organizationName: text(100, { required: "settings.required", tooLong: "settings.tooLong" }),
  organizationKind: z.enum(SECRETARIAT_KINDS, { message: "settings.choose" }),
  displayName: text(100, { required: "settings.required", tooLong: "settings.tooLong" }),
  displayNameKana: text(100, { tooLong: "settings.tooLong" }),
  department: text(100, { tooLong: "settings.tooLong" }),
  email: text(254, { required: "settings.required", tooLong: "setup.emailInvalid" }).pipe(z.string().email("setup.emailInvalid")),
});
export type SetupInput = z.infer<typeof setupSchema>;
export const setupFormSchema = setupSchema.merge(newPasswordFields);
export { SECRETARIAT_KINDS };

/**
 * Creates the consortium, the secretariat organization and the first PMO account (their own
 * town's administrator too), and ends the setup token, all at once. With a password the person
 * can sign in at once; without one (scripted installs) a one-time set-password link is made.
 */
export async function setUpInstallation({ token, input, password, ip }: { token: string | null; input: SetupInput; password: string | null; ip?: string }): Promise<
  Result<{ userId: number; consortiumId: number; resetToken: string | null }>
> {
  const passwordHash = password === null ? null : await hashPassword(password);
  return write(async (tx) => {
    // The command line (token null) may set up only what is not set up yet, as the page may.
    if (token === null ? isInstalled(tx) : !isSetupToken(token, tx)) return notFound();
    // The person who sets the installation up is its first operator (ADR 029) and the consortium's first PMO.
    const { consortiumId, userId, accountId } = insertConsortiumWithPmo(tx, input, passwordHash);
    tx.update(schema.account).set({ operator: true }).where(eq(schema.account.id, accountId)).run();
    tx.delete(schema.setupToken).run();
    const resetToken = password === null ? await createResetToken(tx, userId, null) : null;
    const { email: _email, ...recorded } = input;
    await audit(tx, { viewer: null, userId, consortiumId, ip }, { action: "installation.setup", entityType: "consortium", entityId: consortiumId, after: recorded });
    return ok({ userId, consortiumId, resetToken });
  });
}

/**
 * A consortium, its secretariat organization and its first PMO (that organization's
 * administrator too): the first setup, and every consortium the operator creates. The PMO is
 * whoever signs in with the e-mail (addMembership); `passwordHash` only for a new account.
 */
export function insertConsortiumWithPmo(tx: Tx, input: SetupInput, passwordHash: string | null = null) {
  const consortium = tx
    .insert(schema.consortium)
    .values({ name: input.consortiumName, legalForm: input.legalForm, fiscalYearStartMonth: input.fiscalYearStartMonth, decisionRule: input.decisionRule })
    .returning({ id: schema.consortium.id })
    .get();
  const organization = tx
    .insert(schema.organization)
    .values({ consortiumId: consortium.id, kind: input.organizationKind, name: input.organizationName })
    .returning({ id: schema.organization.id })
    .get();
  const member = addMembership(tx, {
    consortiumId: consortium.id,
    organizationId: organization.id,
    email: input.email,
    displayName: input.displayName,
    displayNameKana: input.displayNameKana,
    department: input.department,
    orgAdmin: true,
    role: "pmo",
    passwordHash,
  });
  return { consortiumId: consortium.id, ...member };
}
