import type { LoaderFunctionArgs } from "@remix-run/node";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { periodLabel, ReportPrint } from "~/components/report-document";
import { translator } from "~/i18n";
import { getReport, recordRead } from "~/models/report.server";
import stylesUrl from "~/styles/app.css";
import { renderMarkdown } from "~/utils/markdown.server";
import { parseId } from "~/utils/params";
import { htmlToPdf, readBuiltCss } from "~/utils/pdf.server";
import { actorOf, notFound, requireAuth } from "~/policy/guard.server";
import { contentDisposition } from "~/utils/upload.server";

/** /reports/:id.pdf — the print view printed to A4 PDF by headless Chromium on the server. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { viewer, user } = requireAuth(request, context);
  const report = await getReport({ viewer, reportId: parseId(params.reportId) });
  if (!report) notFound();
  const locale = user.locale;
  const t = translator(locale);
  const markup = renderToStaticMarkup(
    createElement(ReportPrint, {
      data: { ...report, narrativeHtml: renderMarkdown(report.narrative) },
      t,
      locale,
      printedAt: Date.now(),
      interactive: false,
    }),
  );
  const css = readBuiltCss(stylesUrl) ?? "";
  const html = `<!DOCTYPE html><html lang="${locale}" class="pdf-doc"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title><style>${css}</style></head><body class="pdf">${markup}</body></html>`;
  const result = await htmlToPdf(html);
  if (!result.ok) {
    const message =
      result.reason === "missing"
        ? "PDFを作成するためのChromiumがこのサーバーにありません。印刷用表示（/reports/" + report.id + "/print）からブラウザで印刷・PDF保存してください。"
        : "PDFの作成に失敗しました。しばらくしてからもう一度お試しいただくか、印刷用表示（/reports/" + report.id + "/print）からブラウザで印刷してください。";
    return new Response(message, { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60" } });
  }
  await recordRead({ actor: actorOf(context), report, via: "pdf" });
  const fileName = `${periodLabel(report.period, locale)} ${report.title}.pdf`.replace(/[\\/:*?"<>|]/g, "_");
  return new Response(new Uint8Array(result.pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": contentDisposition(fileName, false),
      "Cache-Control": "no-store",
    },
  });
}

function escapeHtml(s: string) {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
