/**
 * The one stylesheet of the web page, served from `/ui/style.css` so the Content Security Policy
 * can stay `style-src 'self'` (no inline styles). Plain, readable, and printable; status colours
 * always sit beside a text label, never alone, and meet WCAG AA contrast on their backgrounds.
 */
export const UI_STYLESHEET = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-alt: #f6f8fa; --link: #0550ae; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, summary:focus-visible, pre:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 1; }
header.top { background: #24292f; color: #fff; padding: .5rem 1.5rem; display: flex; gap: 2rem; align-items: center; flex-wrap: wrap; }
header.top .brand { font-weight: 700; color: #fff; text-decoration: none; }
header.top nav ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 1.25rem; flex-wrap: wrap; }
header.top nav a { color: #fff; text-decoration: none; padding: .25rem 0; }
header.top nav a[aria-current="page"] { border-bottom: 3px solid #fff; font-weight: 600; }
header.top .who { margin-left: auto; color: #d0d7de; font-size: .9em; }
main { padding: 1rem 1.5rem 3rem; max-width: 90rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .93em; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #fafbfc; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.mono { overflow-wrap: break-word; }
pre { background: var(--bg-alt); border: 1px solid var(--line); padding: .75rem 1rem; overflow-x: auto; line-height: 1.4; white-space: pre; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: 0 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.muted { color: var(--muted); }
.status { display: inline-block; padding: 0 .45rem; border-radius: 1rem; font-size: .85em; font-weight: 600; border: 1px solid currentColor; white-space: nowrap; }
.status::before { margin-right: .25rem; }
.status-ok { color: #116329; background: #dafbe1; }
.status-ok::before { content: "\\2713"; }
.status-warn { color: #7d4e00; background: #fff8c5; }
.status-warn::before { content: "!"; }
.status-bad { color: #a40e26; background: #ffebe9; }
.status-bad::before { content: "\\2717"; }
.status-info { color: #0550ae; background: #ddf4ff; }
.status-neutral { color: #57606a; background: #f6f8fa; }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem 1rem; align-items: flex-end; margin: 0 0 1rem; padding: .75rem; background: var(--bg-alt); border: 1px solid var(--line); }
form.filters label { display: flex; flex-direction: column; font-size: .85em; color: var(--muted); gap: .15rem; }
form.filters input, form.filters select { font: inherit; padding: .25rem .4rem; border: 1px solid #8c959f; border-radius: 4px; min-width: 10rem; color: var(--fg); }
form.filters button { font: inherit; padding: .3rem .9rem; border: 1px solid #1f2328; border-radius: 4px; background: #1f883d; color: #fff; font-weight: 600; cursor: pointer; }
nav.pager { display: flex; gap: 1.5rem; align-items: center; }
ul.messages { padding-left: 1.25rem; }
details > summary { cursor: pointer; color: var(--link); }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0 1rem; padding: 0; list-style: none; }
.cards li { border: 1px solid var(--line); padding: .5rem 1rem; min-width: 7rem; }
.cards .count { display: block; font-size: 1.4rem; font-weight: 700; }
a.id, span.id { white-space: nowrap; word-break: normal; }
main { overflow-wrap: break-word; }
th, time { white-space: nowrap; }
/* The last column holds free text (messages, paths): it may break anywhere, so long paths never widen the table. */
td:last-child { overflow-wrap: anywhere; }
td.num { white-space: nowrap; }
section.fix pre { white-space: pre-wrap; }
table.diff { table-layout: fixed; }
table.diff th[scope="row"] { width: 22%; background: #fff; font-weight: normal; }
table.diff td.old { background: #fff5f5; width: 39%; }
table.diff td.new { background: #f0fff4; width: 39%; }
table.diff td.old::before { content: "\\2212  "; color: #a40e26; font-weight: 700; }
table.diff td.new::before { content: "+  "; color: #116329; font-weight: 700; }
table.diff td.absent::before { content: ""; }
article.change { border: 1px solid var(--line); border-radius: 6px; padding: .25rem 1rem .5rem; margin: 0 0 1rem; }
article.change h3 { font-size: 1rem; margin: .5rem 0 .25rem; }
p.change-facts { margin: 0 0 .25rem; font-size: .9em; }
section.fix { border: 2px solid #7d4e00; background: #fffdf0; border-radius: 6px; padding: .25rem 1rem 1rem; margin: 1rem 0; }
section.fix h3 { font-size: 1rem; margin: .75rem 0 .25rem; }
figure.chart { margin: .5rem 0 .25rem; max-width: 60rem; }
figure.chart figcaption { font-size: .85em; color: var(--muted); }
svg.chart text { fill: #1b1f24; }
form.filters a { align-self: center; }
form.filters select { max-width: 18rem; }
@media print { header.top, form.filters, nav.pager { display: none; } }
`;
