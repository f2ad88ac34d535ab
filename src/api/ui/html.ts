/**
 * A tiny HTML template tag where escaping is the default: every interpolated value is escaped
 * unless it is itself an `Html` fragment built by this tag. There is no way to splice a raw
 * string from outside this module, so a connector named `<script>` can only ever render as text.
 */

/** A fragment of HTML produced by the `html` tag (and only by it). */
export class Html {
  readonly #text: string;

  /** Needs this module's private token: only `html` and `joinHtml` make fragments, so no caller can pass raw text off as markup. */
  constructor(text: string, token: symbol) {
    if (token !== FRAGMENT) throw new TypeError('Html fragments are built with the html tag');
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }
}

const FRAGMENT = Symbol('Html');

/** What may be interpolated: text and numbers are escaped; fragments and lists of them are kept. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Escapes text for an element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => ESCAPES[char]!);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  // `false`, null and undefined render as nothing, so `${cond && html`...`}` reads naturally.
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** The template tag: `html\`<td>${name}</td>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out, FRAGMENT);
}

/** A list of fragments with a separator (itself a fragment or escaped text). */
export function joinHtml(parts: readonly HtmlValue[], separator: HtmlValue = ''): Html {
  return new Html(parts.map(render).join(render(separator)), FRAGMENT);
}
