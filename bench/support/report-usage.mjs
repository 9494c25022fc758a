// Preloaded into a benchmarked ldp process: writes its peak memory when it exits.
import { writeFileSync } from 'node:fs';

const out = process.env.LDP_BENCH_USAGE_FILE;
if (out) {
  process.on('exit', () => {
    writeFileSync(out, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }));
  });
}
