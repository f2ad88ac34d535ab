import type { DayActivity } from '../activityData.js';
import { html, type Html } from '../html.js';

const WIDTH = 900;
const HEIGHT = 210;
const PLOT = { left: 44, right: 12, top: 22, bottom: 34 };

interface Series {
  key: 'succeeded' | 'failed' | 'drift';
  label: string;
  /** How its bars are filled, so the series read apart without colour. */
  pattern: 'solid' | 'hatched' | 'dotted';
}

/**
 * A bar chart drawn on the server as inline SVG: no script, no external asset, allowed by the
 * page's CSP (presentation attributes, not style attributes). One bar per day; several series
 * stack. It reads without colour: series differ by pattern (solid, hatched, dotted) as the
 * legend shows, each bar's total is written above it, each bar has a title (hover, screen
 * readers) with its counts, and the same numbers are in a table below the chart.
 */
export function barChart(id: string, title: string, days: DayActivity[], series: Series[]): Html {
  const totals = days.map((day) => series.reduce((sum, s) => sum + day[s.key], 0));
  const max = Math.max(1, ...totals);
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / days.length;
  const barWidth = Math.max(4, Math.round(slot * 0.68));
  const fill = (s: Series) => (s.pattern === 'solid' ? '#2da44e' : `url(#${id}-${s.pattern})`);
  const y = (value: number) => PLOT.top + plotHeight - (value / max) * plotHeight;
  const bars = days.map((day, i) => {
    const x = Math.round(PLOT.left + i * slot + (slot - barWidth) / 2);
    let top = PLOT.top + plotHeight;
    const segments = series.map((s) => {
      const height = (day[s.key] / max) * plotHeight;
      top -= height;
      return day[s.key] === 0 ? '' : html`<rect class="segment ${s.key}" x="${x}" y="${top.toFixed(1)}" width="${barWidth}" height="${height.toFixed(1)}" fill="${fill(s)}" stroke="#1b1f24" stroke-width="1"></rect>`;
    });
    const counts = series.map((s) => `${day[s.key]} ${s.label}`).join(', ');
    const label = totals[i]! > 0 ? html`<text x="${x + barWidth / 2}" y="${(y(totals[i]!) - 4).toFixed(1)}" text-anchor="middle" font-size="11">${totals[i]!}</text>` : '';
    const tick = i % 5 === 0 || i === days.length - 1 ? html`<text x="${x + barWidth / 2}" y="${HEIGHT - PLOT.bottom + 16}" text-anchor="middle" font-size="11">${day.day.slice(5)}</text>` : '';
    return html`<g class="bar" data-day="${day.day}" ${series.map((s) => html`data-${s.key}="${day[s.key]}" `)}><title>${day.day}: ${counts}</title>${segments}${label}${tick}</g>`;
  });
  const sum = series.map((s) => `${days.reduce((n, day) => n + day[s.key], 0)} ${s.label}`).join(', ');
  const legend = series.map((s, i) => html`<g transform="translate(${PLOT.left + i * 170},4)"><rect width="14" height="12" fill="${fill(s)}" stroke="#1b1f24"></rect><text x="20" y="11" font-size="12">${s.label}</text></g>`);
  return html`<figure class="chart">
<svg id="${id}" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">${title}</title>
<desc id="${id}-desc">One bar per UTC day, ${days[0]!.day} to ${days[days.length - 1]!.day}. In total: ${sum}.</desc>
${patterns(id)}
<line x1="${PLOT.left}" y1="${PLOT.top + plotHeight}" x2="${WIDTH - PLOT.right}" y2="${PLOT.top + plotHeight}" stroke="#57606a"></line>
<text x="${PLOT.left - 6}" y="${PLOT.top + plotHeight}" text-anchor="end" font-size="11">0</text>
<text x="${PLOT.left - 6}" y="${PLOT.top + 8}" text-anchor="end" font-size="11">${max}</text>
${legend}
${bars}
</svg>
<figcaption>${title} (UTC days; each bar's total is written above it)</figcaption>
</figure>
<details><summary>${title}: the numbers</summary>${dataTable(title, days, series)}</details>`;
}

function dataTable(title: string, days: DayActivity[], series: Series[]): Html {
  const active = days.filter((day) => series.some((s) => day[s.key] > 0));
  if (active.length === 0) return html`<p class="muted">Nothing in the last ${days.length} days.</p>`;
  return html`<table><caption>${title}, days with any</caption><thead><tr><th scope="col">Day (UTC)</th>${series.map((s) => html`<th scope="col" class="num">${s.label}</th>`)}</tr></thead>
<tbody>${active.map((day) => html`<tr><td>${day.day}</td>${series.map((s) => html`<td class="num">${day[s.key]}</td>`)}</tr>`)}</tbody></table>`;
}

/** Solid, hatched and dotted fills: the series tell apart in grey print and for colour-blind readers. */
function patterns(id: string): Html {
  return html`<defs>
<pattern id="${id}-hatched" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffebe9"></rect><line x1="0" y1="0" x2="0" y2="6" stroke="#a40e26" stroke-width="3"></line></pattern>
<pattern id="${id}-dotted" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="#fff8c5"></rect><circle cx="3" cy="3" r="1.6" fill="#7d4e00"></circle></pattern>
</defs>`;
}

/** The series of the two overview charts. */
export const APPLY_SERIES: Series[] = [
  { key: 'succeeded', label: 'applies succeeded', pattern: 'solid' },
  { key: 'failed', label: 'applies failed or partial', pattern: 'hatched' },
];
export const DRIFT_SERIES: Series[] = [{ key: 'drift', label: 'drifted connectors found', pattern: 'dotted' }];
