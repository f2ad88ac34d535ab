import { html, type Html } from '../html.js';

/** The body of an error page: the status, the code and the message (a KcrError's message never holds a secret). */
export function errorBody(error: { status: number; code: string; message: string }): Html {
  return html`<p><span class="status status-bad">${error.status}</span> <code>${error.code}</code></p>
<p>${error.message}</p>
<p><a href="/ui/">Back to the overview</a></p>`;
}
