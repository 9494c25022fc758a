import { LdpError } from '../../errors/index.js';
import type { SelectionOptions } from './options.js';

/** `--defer` and `--favor-state` read the relations of a state manifest: `--state` must say where. */
export function checkDeferOptions(options: SelectionOptions): void {
  if ((options.defer || options.favorState) && !options.state) {
    throw new LdpError({
      code: 'LDP167',
      message: `--${options.defer ? 'defer' : 'favor-state'} needs --state: the folder of the manifest.json to defer to`,
      hint: 'Add --state <dir>, e.g. --defer --state prod-target/ (the target/ folder of the production run).',
    });
  }
}
