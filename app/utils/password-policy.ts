// The rule for a new password, shared by every form that sets one.
import { z } from "zod";

export const PASSWORD_MIN = 10;

export const newPasswordFields = z.object({
  password: z.string().min(PASSWORD_MIN, "account.passwordTooShort").max(200, "account.passwordTooLong"),
  confirm: z.string(),
});

/** Adds the 「確認用のパスワードが一致しません」 check to a schema that has password + confirm. */
export function withMatchingConfirm<S extends z.ZodType<{ password: string; confirm: string }>>(schema: S) {
  return schema.refine((v) => v.password === v.confirm, { path: ["confirm"], message: "account.passwordMismatch" }) as unknown as z.ZodEffects<S>;
}

/** How long a one-time set-password link stays valid. */
export const RESET_LINK_HOURS = 72;
