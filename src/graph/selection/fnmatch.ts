/** Whether a selector value uses shell-style wildcards (dbt counts `]` too). */
export function hasGlob(text: string): boolean {
  return /[*?[\]]/.test(text);
}

/**
 * A predicate with Python's `fnmatch` semantics, which dbt uses for names, tags and packages:
 * `*` matches any text (dots and slashes included), `?` one character, `[abc]`/`[!abc]` a class.
 * Case-sensitive, as `fnmatch` is on POSIX. A value without wildcards compares exactly.
 */
export function fnmatch(pattern: string): (text: string) => boolean {
  if (!hasGlob(pattern)) return (text) => text === pattern;
  const regex = new RegExp(`^(?:${translate(pattern)})$`, 's');
  return (text) => regex.test(text);
}

function translate(pattern: string): string {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const char = pattern[i++]!;
    if (char === '*') out += '.*';
    else if (char === '?') out += '.';
    else if (char === '[') {
      const end = classEnd(pattern, i);
      if (end === -1) out += '\\[';
      else {
        out += characterClass(pattern.slice(i, end));
        i = end + 1;
      }
    } else out += escapeRegex(char);
  }
  return out;
}

/** Index of the `]` closing a class opened before `start`, or -1 (then `[` is a literal). */
function classEnd(pattern: string, start: number): number {
  let j = start;
  if (pattern[j] === '!') j++;
  if (pattern[j] === ']') j++;
  while (j < pattern.length && pattern[j] !== ']') j++;
  return j < pattern.length ? j : -1;
}

function characterClass(body: string): string {
  const negated = body.startsWith('!');
  const members = (negated ? body.slice(1) : body).replace(/[\\\]^[]/g, (c) => `\\${c}`);
  return `[${negated ? '^' : ''}${members}]`;
}

function escapeRegex(char: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(char) ? `\\${char}` : char;
}
