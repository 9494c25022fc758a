/** What a CSV text looks like: its header, or the first line where it breaks. */
export type CsvShape =
  | { readonly ok: true; readonly header: readonly string[]; readonly rows: number }
  | {
      readonly ok: false;
      readonly problem: string;
      /** 0-based line of the text. */
      readonly line: number;
      /** For a record of the wrong width: the header's field count and the record's. */
      readonly fields?: { readonly expected: number; readonly found: number };
    };

/**
 * Checks that CSV text (`delimiter`-separated, `"` quotes, `""` inside quotes) has a header and
 * the same number of fields on every record, so a broken seed or fixture is reported at its line
 * before anything runs (DuckDB's sniffer would guess another header or delimiter instead). Blank
 * lines are ignored, as the engine ignores them.
 */
export function csvShape(text: string, delimiter = ','): CsvShape {
  const records = splitRecords(text, delimiter);
  if ('problem' in records) return { ok: false, ...records };
  const [header, ...rows] = records.list;
  if (!header || header.fields.every((field) => field.trim() === '')) {
    return { ok: false, problem: 'has no header line', line: 0 };
  }
  const names = header.fields.map((field) => field.trim());
  const empty = names.indexOf('');
  if (empty !== -1)
    return { ok: false, problem: `has an empty column name (column ${empty + 1})`, line: header.line };
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      return {
        ok: false,
        problem: `has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'} where the header has ${names.length}`,
        line: row.line,
        fields: { expected: names.length, found: row.fields.length },
      };
    }
  }
  return { ok: true, header: names, rows: rows.length };
}

interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

function splitRecords(
  text: string,
  delimiter: string,
): { list: CsvRecord[] } | { problem: string; line: number } {
  const list: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 0;
  let recordLine = 0;
  let quoted = false;
  let quoteLine = 0;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== '') list.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field.trim() === '') {
      quoted = true;
      quoteLine = line;
    } else if (text.startsWith(delimiter, i)) {
      fields.push(field);
      field = '';
      i += delimiter.length - 1;
    } else if (char === '\n') {
      endRecord();
      recordLine = ++line;
    } else if (char !== '\r') field += char;
  }
  if (quoted) return { problem: 'has a quote that is never closed', line: quoteLine };
  endRecord();
  return { list };
}
