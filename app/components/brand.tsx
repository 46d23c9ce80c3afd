// The brand at the left of a header: the 連 mark, a name (the consortium, or 運用管理) and "Renkei".
import { NavLink } from "@remix-run/react";

export function Brand({ to, name }: { to: string; name: string }) {
  return (
    <NavLink to={to} className="brand">
      <span className="brand-mark" aria-hidden="true">
        連
      </span>
      <span>
        <span className="brand-name" title={name}>
          {name}
        </span>
        <span className="brand-app">Renkei</span>
      </span>
    </NavLink>
  );
}
