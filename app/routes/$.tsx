import { GeneralErrorBoundary } from "~/components/error-boundary";

// Any URL no route matches: the Japanese 404 page.
export async function loader() {
  throw new Response("Not Found", { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return (
    <main className="error-page">
      <GeneralErrorBoundary />
    </main>
  );
}
