// React side of the message catalog: the signed-in user's locale, from the root loader.
import { useRouteLoaderData } from "@remix-run/react";
import { translate, translator, type Locale, type MessageKey, type Vars } from "~/i18n";

export function useLocale(): Locale {
  return useRouteLoaderData<{ locale: Locale }>("root")?.locale ?? "ja";
}

export function useT() {
  return translator(useLocale());
}

/** What a `meta` function receives as `matches` (only the root's data is read). */
type MetaMatches = readonly { id: string; data?: unknown }[];

/** The locale in a `meta` function: meta cannot call hooks, so it reads the root loader's data. */
export function metaLocale(matches: MetaMatches): Locale {
  const data = matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined;
  return data?.locale ?? "ja";
}

/** A page title in the viewer's locale, e.g. 「課題・懸案事項 | Renkei」. */
export function pageTitle(matches: MetaMatches, key: MessageKey, vars?: Vars) {
  return `${documentTitle(matches, key, vars)} | Renkei`;
}

/** A title without the app name, for printable documents (it becomes the PDF's file name). */
export function documentTitle(matches: MetaMatches, key: MessageKey, vars?: Vars) {
  return translate(metaLocale(matches), key, vars);
}
