/**
 * The page's HTML shell, its assets, and the self-contained report (the same
 * page with every asset and the final state inlined). uPlot is read from the
 * installed `uplot` package, so the page works offline and from `node_modules`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { APP_JS } from './app.js';
import { APP_CSS } from './style.js';

/** The page's static files. */
export interface PageAssets {
  appJs: string;
  appCss: string;
  uplotJs: string;
  uplotCss: string;
}

let cached: PageAssets | undefined;

/** The page's assets (uPlot read once from the installed package). */
export function pageAssets(): PageAssets {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = {
      appJs: APP_JS,
      appCss: APP_CSS,
      uplotJs: readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
      uplotCss: readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    };
  }
  return cached;
}

const BODY = `
<header class="top"><div class="brand">hyperfold</div><h1 id="title">dashboard</h1><span id="status" class="pill">connecting…</span></header>
<main id="app"></main>
<div id="tooltip" hidden></div>`;

/** The live page (assets and state fetched from the server). */
export function pageHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hyperfold dashboard</title>
<link rel="stylesheet" href="assets/uPlot.min.css"><link rel="stylesheet" href="assets/app.css">
</head><body>${BODY}
<script src="assets/uPlot.min.js"></script><script src="assets/app.js"></script>
</body></html>
`;
}

/** JSON safe inside a <script> element (no `</script>`, no `<!--`). */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1');
}

function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

/** What a static report embeds: the final state and the files `--out` would write. */
export interface ReportContent {
  snapshot: unknown;
  /** cvResults as CSV text and JSON text (the download buttons); absent when unknown. */
  csv?: string;
  json?: string;
}

/** One self-contained HTML file: the page, uPlot, and the final state inlined (no server needed). */
export function reportHtml(content: ReportContent): string {
  const a = pageAssets();
  const data = { snapshot: content.snapshot, csv: content.csv ?? null, json: content.json ?? null };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>hyperfold report</title>
<style>${inlineStyle(a.uplotCss)}</style><style>${inlineStyle(a.appCss)}</style>
</head><body>${BODY}
<script id="hf-report" type="application/json">${scriptJson(data)}</script>
<script>${inlineScript(a.uplotJs)}</script><script>${inlineScript(a.appJs)}</script>
</body></html>
`;
}
