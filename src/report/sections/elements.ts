import { markup } from '../markup.js';
import type { Markup, MarkupValue } from '../markup.js';

export function chip(pass: boolean, text: string = pass ? 'PASS' : 'FAIL'): Markup {
  return markup`<span class="chip ${pass ? 'chip-pass' : 'chip-fail'}">${text}</span>`;
}

export function section(id: string, title: string, body: MarkupValue): Markup {
  return markup`<section id="${id}"><h2>${title}</h2>${body}</section>`;
}

/** Label/value pairs as a definition list laid out in a grid. */
export function facts(entries: readonly (readonly [string, MarkupValue])[]): Markup {
  return markup`<dl class="facts">${entries.map(([label, value]) => markup`<div><dt>${label}</dt><dd>${value}</dd></div>`)}</dl>`;
}

/** Columns whose header starts with '#' are right-aligned numbers (the '#' is not shown). */
export function table(headers: readonly string[], rows: readonly (readonly MarkupValue[])[]): Markup {
  const numeric = headers.map((header) => header.startsWith('#'));
  const cellAttributes = (index: number): Markup | null => (numeric[index] ? markup` class="num"` : null);
  return markup`<table>
<thead><tr>${headers.map((header, index) => markup`<th${cellAttributes(index)}>${numeric[index] ? header.slice(1) : header}</th>`)}</tr></thead>
<tbody>${rows.map(
    (row) => markup`<tr>${row.map((cell, index) => markup`<td${cellAttributes(index)}>${cell}</td>`)}</tr>
`,
  )}</tbody>
</table>`;
}

export function note(kind: 'warning' | 'info' | 'bad', body: MarkupValue): Markup {
  return markup`<p class="note note-${kind}">${body}</p>`;
}
