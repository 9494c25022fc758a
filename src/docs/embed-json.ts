/**
 * JSON text that is safe inside `<script type="application/json">`: `<`, `>` and `&` become
 * `\u003c`-style escapes, so `</script>` or `<!--` in a model's SQL cannot end or change the
 * element, and U+2028/U+2029 are escaped for older JavaScript parsers. `JSON.parse` reads the
 * result back unchanged.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => JSON_ESCAPES[ch]!);
}

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};
