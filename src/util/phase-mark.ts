const t0 = performance.now();
export function mark(label: string): void {
  if (process.env['LDP_PHASES']) process.stderr.write(`[phase] ${(performance.now()).toFixed(0).padStart(6)} ms  ${label}\n`);
}
void t0;
