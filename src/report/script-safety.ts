import { Markup } from './markup.js';

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` become \u escapes so
 * no value can close the script element or open a comment, and U+2028/U+2029 are escaped so
 * the text is also valid JavaScript. JSON.parse reads the escapes back unchanged.
 */
export function jsonForScript(value: unknown): Markup {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new Markup(json);
}

/**
 * A trusted script (Chart.js, our chart code) for an inline `<script>`: the only sequences
 * that could end the element early are `</script` and `<!--`; inside strings, regular
 * expressions and comments the escaped forms mean the same.
 */
export function inlineScript(source: string): Markup {
  return new Markup(source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--'));
}
