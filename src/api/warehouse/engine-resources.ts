import { availableParallelism, totalmem } from 'node:os';
import type { ResolvedTarget } from '../../model/project.js';

/**
 * DuckDB worker threads of a session: the target's `threads`, but no more than the machine's
 * cores. `threads` also sets how many models run at once (dbt's meaning); every model's query
 * shares DuckDB's workers, so workers beyond the cores add no speed, only per-thread buffers:
 * on 2 cores, the 10M-row taxi dedup spilling under 800 MB took about a quarter more CPU time
 * with 4 workers than with 2.
 */
export function engineThreads(target: Pick<ResolvedTarget, 'threads'>, cores = availableParallelism()): number {
  return Math.max(1, Math.min(Math.floor(target.threads), cores));
}

/**
 * DuckDB's memory limit unless the profile sets one: a budget per worker thread, since what a
 * query holds before it spills (sort runs, hash tables, partitioned writes) grows with the
 * workers. The 10M-row taxi run (its dedup window holds every trip) peaked at 0.9 GB with 2
 * workers and 700 MB instead of 1.7 GB with 4 workers and 1.5 GB, at about the same CPU time;
 * half the machine's memory at most, so a laptop stays usable.
 */
export function defaultMemoryLimit(threads: number, machineBytes = totalmem()): string {
  const megabytes = Math.min(MEMORY_PER_THREAD_MB * threads, Math.floor(machineBytes / 2 / 1_000_000));
  return `${megabytes}MB`;
}

const MEMORY_PER_THREAD_MB = 350;
