/** The dashboard page's stylesheet (served as /assets/app.css, inlined in reports). */
export const APP_CSS = String.raw`
:root {
  --bg: #f4f6f9; --card: #ffffff; --ink: #1c2430; --muted: #667085; --line: #e3e8ef;
  --accent: #2563eb; --ok: #2f9e6f; --failed: #d64545; --timeout: #8b5cf6; --retried: #e0a526; --lost: #8a94a6;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font-size: 13px; }
header.top { display: flex; align-items: center; gap: 14px; padding: 10px 20px; background: #101828; color: #fff; position: sticky; top: 0; z-index: 5; }
header.top .brand { font-weight: 700; letter-spacing: .04em; color: #93c5fd; }
header.top h1 { font-size: 15px; font-weight: 500; margin: 0; flex: 1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.pill { font-size: 12px; padding: 3px 10px; border-radius: 999px; background: #475467; color: #fff; }
.pill.live { background: #16a34a; } .pill.done { background: #2563eb; } .pill.warn { background: #d97706; } .pill.report { background: #7c3aed; }
main { padding: 16px 20px 40px; display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); gap: 14px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; box-shadow: 0 1px 2px rgba(16,24,40,.04); min-width: 0; }
.card h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 0 0 10px; font-weight: 600; display: flex; align-items: center; gap: 10px; }
.card h2 .hint { text-transform: none; letter-spacing: 0; font-weight: 400; margin-left: auto; }
.w12 { grid-column: span 12; } .w8 { grid-column: span 8; } .w7 { grid-column: span 7; } .w6 { grid-column: span 6; } .w5 { grid-column: span 5; } .w4 { grid-column: span 4; }
@media (max-width: 1100px) { .w8, .w7, .w6, .w5, .w4 { grid-column: span 12; } }
.stats { display: grid; grid-template-columns: repeat(8, minmax(0, 1fr)); gap: 10px; }
.stat { padding: 4px 2px; }
.stat .v { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.stat .k { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.stat.bad .v { color: var(--failed); }
.bar { height: 8px; background: #eef2f6; border-radius: 999px; overflow: hidden; margin-top: 10px; display: flex; }
.bar > span { display: block; height: 100%; }
.bar .ok { background: var(--accent); } .bar .fail { background: var(--failed); }
.muted { color: var(--muted); }
.legend { display: flex; gap: 12px; font-size: 11px; color: var(--muted); text-transform: none; letter-spacing: 0; font-weight: 400; }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
canvas.full { width: 100%; display: block; }
#tooltip { position: fixed; pointer-events: none; background: #101828; color: #fff; font-size: 12px; padding: 6px 9px; border-radius: 6px; max-width: 420px; z-index: 20; line-height: 1.45; box-shadow: 0 4px 12px rgba(0,0,0,.2); white-space: pre-wrap; word-break: break-word; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; max-width: 260px; overflow: hidden; text-overflow: ellipsis; }
th { font-size: 11px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: .04em; background: #fafbfc; position: sticky; top: 0; }
th.sortable { cursor: pointer; user-select: none; } th.sortable:hover { color: var(--ink); }
th .arrow { font-size: 9px; margin-left: 3px; }
td.num, th.num { text-align: right; }
tr.best td { background: #eff6ff; font-weight: 600; }
tr.sub td { color: var(--muted); } tr.sub td:first-child { padding-left: 22px; }
tr.lost td { color: var(--failed); }
.meter { display: inline-block; width: 70px; height: 6px; background: #eef2f6; border-radius: 3px; vertical-align: middle; margin-right: 6px; overflow: hidden; }
.meter > span { display: block; height: 100%; background: var(--ok); }
.tablewrap { max-height: 560px; overflow: auto; border: 1px solid var(--line); border-radius: 8px; }
.controls { display: flex; flex-wrap: wrap; gap: 10px; align-items: center; margin-bottom: 10px; }
.controls label { color: var(--muted); }
select, input[type=text] { font: inherit; padding: 4px 6px; border: 1px solid #cfd6e0; border-radius: 6px; background: #fff; }
a.button { display: inline-block; padding: 4px 10px; border: 1px solid #cfd6e0; border-radius: 6px; color: var(--ink); text-decoration: none; background: #fff; }
a.button:hover { border-color: var(--accent); color: var(--accent); }
a.button.disabled { pointer-events: none; opacity: .45; }
.slices { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
.slice h3 { margin: 0 0 4px; font-size: 12px; font-weight: 600; }
.best-params { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: var(--ink); word-break: break-all; }
table.rounds { margin-top: 10px; } tr.current td { font-weight: 600; }
.empty { color: var(--muted); padding: 18px 0; text-align: center; }
.uplot { font-family: inherit; }
.u-legend { font-size: 11px; }
`;
