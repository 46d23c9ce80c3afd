// React side of the message catalog: the signed-in user's locale, from the root loader.
import { useRouteLoaderData } from "@remix-run/react";
import { translator, type Locale } from "~/i18n";

export function useLocale(): Locale {
  return useRouteLoaderData<{ locale: Locale }>("root")?.locale ?? "ja";
}

export function useT() {
  return translator(useLocale());
}
