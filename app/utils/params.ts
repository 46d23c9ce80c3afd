/** A positive integer id from the URL; anything else is simply not found (404). */
export function parseId(value: string | undefined) {
  const id = Number(value);
  if (!value || !/^\d{1,12}$/.test(value) || !Number.isSafeInteger(id) || id <= 0) {
    throw new Response("Not Found", { status: 404 });
  }
  return id;
}
