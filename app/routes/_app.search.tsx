import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { StatusBadge } from "~/components/issue-list";
import { search } from "~/models/search.server";
import { useT, pageTitle } from "~/utils/i18n";
import { requireAuth, requirePermission } from "~/policy/guard.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { viewer } = requireAuth(request, context);
  requirePermission(viewer, "search.consortium");
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  return json({ q, hits: q ? await search({ viewer, q }) : [] });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: data?.q ? pageTitle(matches, "titles.searchResults", { q: data.q }) : pageTitle(matches, "titles.search") }];

export default function SearchPage() {
  const { q, hits } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="page">
      <h1>{t("search.title")}</h1>
      <Form method="get" className="inline-form" role="search">
        <div className="field grow">
          <label htmlFor="search-q">{t("search.label")}</label>
          <input id="search-q" type="search" name="q" defaultValue={q} placeholder={t("search.placeholder")} />
        </div>
        <button type="submit" className="button primary">
          {t("search.submit")}
        </button>
      </Form>
      {q ? (
        <>
          <p role="status">{hits.length ? t("search.results", { q, count: hits.length }) : t("search.none", { q })}</p>
          {[...q].length < 3 ? <p className="muted small">{t("search.short")}</p> : null}
          <ol className="search-results">
            {hits.map((h) => (
              <li key={`${h.kind}-${h.number}-${h.commentId ?? 0}`} className="card">
                <p className="search-title">
                  <Link to={`/issues/${h.number}${h.commentId ? `#comment-${h.commentId}` : ""}`}>
                    #{h.number} {h.title}
                  </Link>{" "}
                  <StatusBadge status={h.status} /> <span className="muted small">{h.wgName}</span>
                  {h.kind === "comment" ? <span className="badge">{t("search.inComment")}</span> : null}
                </p>
                <p className="snippet">
                  {h.snippet.map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
                </p>
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
