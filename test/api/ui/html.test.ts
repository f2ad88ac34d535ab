import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Html, escapeHtml, html, joinHtml } from '../../../src/api/ui/html.js';

/** What a browser does with escaped text: the inverse of escapeHtml. */
function unescape(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|#96);/g, (_m, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`' })[name]!);
}

describe('the html template tag', () => {
  it('escapes interpolated text in element bodies and in quoted attributes', () => {
    const name = '<script>alert(1)</script>';
    const title = '" onmouseover="alert(2)';
    expect(String(html`<td title="${title}">${name}</td>`)).toBe('<td title="&quot; onmouseover=&quot;alert(2)">&lt;script&gt;alert(1)&lt;/script&gt;</td>');
  });

  it('keeps fragments as markup without escaping them twice, and renders lists of them', () => {
    const cell = (text: string) => html`<td>${text}</td>`;
    expect(String(html`<tr>${['a&b', 'c'].map(cell)}</tr>`)).toBe('<tr><td>a&amp;b</td><td>c</td></tr>');
    expect(String(joinHtml([html`<b>x</b>`, 'y<'], ', '))).toBe('<b>x</b>, y&lt;');
  });

  it('renders nothing for null, undefined and false, and numbers as text', () => {
    expect(String(html`[${null}${undefined}${false}${0}${true}]`)).toBe('[0true]');
  });

  it('cannot be handed raw markup from outside the module', () => {
    expect(() => new Html('<script>', Symbol('Html'))).toThrow(TypeError);
  });

  it('never lets any string out of its text node or attribute, and loses nothing of it', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const rendered = String(html`<p title="${text}">${text}</p>`);
      const inner = rendered.slice('<p title="'.length, rendered.indexOf('">'));
      expect(inner).not.toMatch(/[<>"'`]/);
      expect(unescape(inner)).toBe(text);
      expect(rendered.endsWith(`>${escapeHtml(text)}</p>`)).toBe(true);
    }), { numRuns: 500 });
  });
});
