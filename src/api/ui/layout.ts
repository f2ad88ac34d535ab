import { html, type Html, type HtmlValue } from './html.js';

/** The sections of the page, in the order the navigation shows them. */
export const UI_SECTIONS = [
  { key: 'overview', path: '/ui/', label: 'Overview' },
  { key: 'connectors', path: '/ui/connectors', label: 'Connectors' },
  { key: 'plans', path: '/ui/plans', label: 'Plans' },
  { key: 'applies', path: '/ui/applies', label: 'Applies' },
  { key: 'drift', path: '/ui/drift', label: 'Drift' },
  { key: 'events', path: '/ui/events', label: 'Events' },
] as const;

export type UiSection = (typeof UI_SECTIONS)[number]['key'];

/** What every page shows around its content. */
export interface PageFrame {
  title: string;
  section: UiSection | null;
  /** The principal's name, shown so an auditor knows whose view of the spaces this is. */
  viewer: string;
}

/**
 * The whole document: one stylesheet, no script, a skip link and a labelled navigation that marks
 * the current section with `aria-current`. The favicon is an empty data URL so browsers do not
 * ask for `/favicon.ico` (a 404 through authentication on every page view).
 */
export function renderPage(frame: PageFrame, body: Html): string {
  const nav = UI_SECTIONS.map((s) => html`<li><a href="${s.path}"${s.key === frame.section ? html` aria-current="page"` : ''}>${s.label}</a></li>`);
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${frame.title} · kcr</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/ui/style.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<a class="brand" href="/ui/">kcr</a>
<nav aria-label="Sections"><ul>${nav}</ul></nav>
<span class="who">Signed in as ${frame.viewer}</span>
</header>
<main id="main">
<h1>${frame.title}</h1>
${body}
</main>
</body>
</html>
`}`;
}

type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

const TONES: Record<string, Tone> = {
  succeeded: 'ok', success: 'ok', 'no-op': 'neutral', none: 'ok', yes: 'info', no: 'neutral',
  running: 'info', pending: 'info', partial: 'warn', skipped: 'warn', interrupted: 'warn',
  failed: 'bad', failure: 'bad', error: 'bad', rejected: 'bad',
  create: 'ok', update: 'info', delete: 'bad', replace: 'warn', forget: 'neutral', drift: 'warn',
  config: 'warn', missing: 'bad', secrets: 'warn', missing_secrets: 'warn', unmanaged: 'neutral',
};

/** A status as a coloured pill that always carries its text (colour is never the only signal). */
export function badge(label: string, tone?: Tone): Html {
  return html`<span class="status status-${tone ?? TONES[label] ?? 'neutral'}">${label}</span>`;
}

/** Ids longer than this are shown shortened in tables (a 36-character UUID otherwise takes a third of a 1280 px row). */
const SHORT_ID_LENGTH = 12;

/**
 * An id in monospace, linked when a page for it exists. In tables (`short`) a long id shows its
 * first characters and an ellipsis, with the whole id in the title (hover) and in the link, so a
 * row stays on one line at 1280 px; fact lists show the whole id.
 */
export function idCell(id: string | null | undefined, href?: string, options: { short?: boolean } = { short: true }): Html {
  if (!id) return html`<span class="muted">—</span>`;
  const shown = options.short && id.length > SHORT_ID_LENGTH + 1 ? `${id.slice(0, SHORT_ID_LENGTH)}…` : id;
  const title = shown === id ? '' : html` title="${id}"`;
  return href ? html`<a class="mono id" href="${href}"${title}>${shown}</a>` : html`<span class="mono id"${title}>${shown}</span>`;
}

/** A whole id, for fact lists (a record's own page). */
export function fullId(id: string | null | undefined, href?: string): Html {
  return idCell(id, href, { short: false });
}

/** Link to one connector's page. */
export function connectorHref(space: string, connectorId: string): string {
  return `/ui/connectors/${encodeURIComponent(connectorId)}?${new URLSearchParams({ space })}`;
}

/** Link to one plan's page. */
export function planHref(planId: string): string {
  return `/ui/plans/${encodeURIComponent(planId)}`;
}

/** Link to one apply's page. */
export function applyHref(applyId: string): string {
  return `/ui/applies/${encodeURIComponent(applyId)}`;
}

/** Link to a space's connectors. */
export function connectorsHref(space: string): string {
  return `/ui/connectors?${new URLSearchParams({ space })}`;
}

/** An ISO time as a `<time>` element, shown in UTC to the second (every auditor sees the same text). */
export function timeCell(iso: string | null | undefined): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  const shown = iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return html`<time datetime="${iso}">${shown}</time>`;
}

/** A table with a caption, column headers and rows; `empty` says what an empty table means. */
export function table(options: { caption: string; columns: Array<string | { label: string; numeric: boolean }>; rows: HtmlValue[][]; empty: string }): Html {
  if (options.rows.length === 0) return html`<p class="muted">${options.empty}</p>`;
  const numeric = options.columns.map((c) => typeof c !== 'string' && c.numeric);
  const head = options.columns.map((c, i) => html`<th scope="col"${numeric[i] ? html` class="num"` : ''}>${typeof c === 'string' ? c : c.label}</th>`);
  const body = options.rows.map((row) => html`<tr>${row.map((cell, i) => html`<td${numeric[i] ? html` class="num"` : ''}>${cell}</td>`)}</tr>`);
  return html`<table><caption>${options.caption}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A definition list of facts about one record. */
export function facts(entries: Array<[string, HtmlValue]>): Html {
  return html`<dl class="facts">${entries.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

/** Previous/next links for a list, keeping its filters. */
export function pager(path: string, filters: Record<string, string | undefined>, page: { limit: number; offset: number; shown: number; total: number }, labels = { prev: '← Newer', next: 'Older →' }): Html {
  const link = (offset: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
    if (offset > 0) params.set('offset', String(offset));
    if (page.limit !== DEFAULT_PAGE_SIZE) params.set('limit', String(page.limit));
    const query = params.toString();
    return query ? `${path}?${query}` : path;
  };
  const newer = page.offset > 0 ? html`<a href="${link(Math.max(0, page.offset - page.limit))}" rel="prev">${labels.prev}</a>` : '';
  const older = page.offset + page.limit < page.total ? html`<a href="${link(page.offset + page.limit)}" rel="next">${labels.next}</a>` : '';
  const range = page.shown === 0 ? 'none' : `${page.offset + 1}–${page.offset + page.shown}`;
  return html`<nav class="pager" aria-label="Pages">${newer}<span class="muted">Showing ${range}</span>${older}</nav>`;
}

/** Rows per list page unless `?limit=` says otherwise. */
export const DEFAULT_PAGE_SIZE = 50;
