// How the entry points (`npm start`, `npm run worker`) stop: the first SIGINT/SIGTERM runs the
// graceful stop, bounded by a hard deadline after which the process exits anyway; a second signal
// exits at once. Nothing about stopping may depend on Redis answering.

export interface ShutdownOptions {
  /** Runs once, on the first signal. */
  stop: () => Promise<void>;
  log: (line: string) => void;
  /** Exit anyway this long after the first signal. */
  hardLimitMs: number;
  /** Replaced in tests. @defaultValue process.exit */
  exit?: (code: number) => void;
}

export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export function exitOnSignals({ stop, log, hardLimitMs, exit = (code) => process.exit(code) }: ShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) {
      log(`${signal} again: exiting now`);
      exit(130);
      return;
    }
    stopping = true;
    log(`${signal}: stopping (at most ${Math.round(hardLimitMs / 1000)} s; ${signal} again exits at once)`);
    const hard = setTimeout(() => {
      log(`still stopping after ${Math.round(hardLimitMs / 1000)} s: exiting`);
      exit(1);
    }, hardLimitMs);
    hard.unref();
    stop().then(
      () => exit(0),
      (err: unknown) => {
        log(`error while stopping: ${err instanceof Error ? err.message : String(err)}`);
        exit(1);
      },
    );
  };
  for (const s of SHUTDOWN_SIGNALS) process.on(s, () => onSignal(s));
}
