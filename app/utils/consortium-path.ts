// Links that leave the app (e-mail, the inbox of a person in several consortia, calendar feeds)
// name their consortium: /c/<id>/issues/12 switches the session to it, then opens /issues/12
// (ADR 029). Inside the app, paths stay as they are: the session knows the consortium.
export function consortiumPath(consortiumId: number, path: string) {
  return `/c/${consortiumId}${path.startsWith("/") ? path : `/${path}`}`;
}
