/**
 * Names of macros that (directly or through other macros) call `ref`, `source` or `config`.
 * A model calling one of them cannot take the static fast path: the macro adds dependencies.
 */
export function findGraphMacros(macros: ReadonlyMap<string, string>): Set<string> {
  const direct = /\b(ref|source|config)\s*\(/;
  const graphMacros = new Set<string>();
  for (const [name, body] of macros) if (direct.test(body)) graphMacros.add(name);
  const names = [...macros.keys()];
  let changed = graphMacros.size > 0;
  while (changed) {
    changed = false;
    for (const [name, body] of macros) {
      if (graphMacros.has(name)) continue;
      if (names.some((other) => graphMacros.has(other) && callsName(body, other))) {
        graphMacros.add(name);
        changed = true;
      }
    }
  }
  return graphMacros;
}

function callsName(body: string, name: string): boolean {
  const at = body.indexOf(name);
  return at !== -1 && new RegExp(`\\b${name}\\s*\\(`).test(body);
}
