import { LdpError } from '../../errors/index.js';

/** User errors of the questions `ldp mcp` answers about a project: codes LDP840–LDP843. */
export const ExploreErrors = {
  unknownNode: (name: string, suggestion: string | undefined) =>
    new LdpError({
      code: 'LDP840',
      message: `no node of this project is named '${name}'`,
      hint: suggestion
        ? `Did you mean '${suggestion}'?`
        : 'Search nodes by name, description, tag or column first, then use a name or unique id found.',
    }),
  ambiguousNode: (name: string, ids: readonly string[]) =>
    new LdpError({
      code: 'LDP841',
      message: `'${name}' names ${ids.length} nodes: ${ids.join(', ')}`,
      hint: `Use the unique id, e.g. '${ids[0]}'.`,
    }),
  noSql: (label: string) =>
    new LdpError({
      code: 'LDP842',
      message: `${label} has no SQL to compile`,
      hint: 'Models, snapshots, analyses and data tests have compiled SQL; seeds, sources and exposures do not.',
    }),
  invalidOption: (message: string, hint: string) => new LdpError({ code: 'LDP843', message, hint }),
};
