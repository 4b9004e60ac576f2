/**
 * Markup built with the `markup` tag escapes every interpolated value unless it is already
 * Markup, so text from an experiment (names, reasons, errors) can never inject elements.
 * The escaping suits both HTML and XML (JUnit).
 */
export class Markup {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

export type MarkupValue = string | number | Markup | null | undefined | readonly MarkupValue[];

/** XML 1.0 forbids most control characters outright: one in an error message must not make
 * the whole junit.xml unreadable. */
function allowedInXml(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return code === 0x9 || code === 0xa || code === 0xd;
  const loneSurrogate = code >= 0xd800 && code <= 0xdfff;
  return !loneSurrogate && code !== 0xfffe && code !== 0xffff;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeText(text: string): string {
  let escaped = '';
  for (const char of text) {
    if (allowedInXml(char)) escaped += ENTITIES[char] ?? char;
  }
  return escaped;
}

function interpolate(value: MarkupValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(interpolate).join('');
  return escapeText(String(value));
}

export function markup(strings: TemplateStringsArray, ...values: MarkupValue[]): Markup {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += interpolate(value) + (strings[index + 1] ?? '');
  });
  return new Markup(text);
}

/** Trusted text (our own CSS and scripts) that must go into the page unescaped. */
export function trusted(text: string): Markup {
  return new Markup(text);
}
