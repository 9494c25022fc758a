// Preloaded into a benchmarked ldp process: writes its peak memory and CPU time when it exits.
import { writeFileSync } from 'node:fs';

const out = process.env.LDP_BENCH_USAGE_FILE;
if (out) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      out,
      JSON.stringify({ maxRssKb: usage.maxRSS, cpuUs: usage.userCPUTime + usage.systemCPUTime }),
    );
  });
}
