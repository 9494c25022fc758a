/**
 * `ldp ls | head` closes ldp's output before it is done. The command goes on (a run stopped
 * halfway because its reader went away would be worse) and what it still prints is dropped,
 * instead of Node's unhandled EPIPE error and its stack trace. Any other output failure (a full
 * disk behind a redirect) makes the exit code 2.
 */
export function tolerateClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      process.exitCode = 2;
    });
  }
}
