// A project entry point (`main/worker.ts`, `main/server.ts`) run as a real child process, with its
// output collected so callers can wait for a line, and its exit awaited with a deadline that names
// what was waited for. Used by the chaos run and by the tests that signal real processes.
import { spawn, type ChildProcess } from 'node:child_process';

export interface EntryProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the first line matching `pattern`; rejects after `timeoutMs` naming `what`. */
  waitForLine(pattern: RegExp, what: string, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or signal name); rejects after `timeoutMs` naming `what`. */
  exited(what: string, timeoutMs?: number): Promise<number | string>;
}

export function startEntry(script: string, env: Record<string, string>): EntryProcess {
  // One trial slot unless the caller asks for more: tests and benches count trials per process.
  const child = spawn(process.execPath, ['--import', 'tsx', script], { env: { ...process.env, WORKER_CONCURRENCY: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    text += d.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));

  const within = <T>(p: Promise<T>, what: string, ms: number, cleanup = () => {}) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; ${script} printed:\n${text.slice(-3000)}`));
      }, ms);
      p.then((v) => {
        clearTimeout(timer);
        cleanup();
        resolve(v);
      }, reject);
    });

  return {
    child,
    output: () => text,
    waitForLine: (pattern, what, timeoutMs = 60_000) => {
      let check = () => {};
      const found = new Promise<string>((resolve) => {
        check = () => {
          const line = text.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) resolve(line);
        };
        listeners.add(check);
        check();
      });
      return within(found, what, timeoutMs, () => listeners.delete(check));
    },
    exited: (what, timeoutMs = 60_000) => within(exit, what, timeoutMs),
  };
}
