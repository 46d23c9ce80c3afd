/** The mark and name above the sign-in and first-setup forms (pages outside the app's frame). */
export function LoginBrand() {
  return (
    <p className="login-brand">
      <span className="brand-mark" aria-hidden="true">
        連
      </span>
      Renkei
    </p>
  );
}
