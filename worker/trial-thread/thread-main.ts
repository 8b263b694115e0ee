// Inside a training thread: selects the tfjs backend once (its own wasm instance and kernels),
// then trains the trials the main thread sends, one at a time, calling back for every hook
// (protocol.ts). The data of a dataset is loaded once per thread and kept.
import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../training/backend.js';
import { runTrialHere, type TrialHooks } from '../trial-runner.js';
import type { FromThread, HookName, ToThread } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('thread-main.ts runs as a worker thread (worker/trial-thread/thread-pool.ts)');

const send = (m: FromThread) => port.postMessage(m);
let nextCallId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let abort: AbortController | null = null;

function call<T>(hook: HookName, ...args: unknown[]): Promise<T> {
  const callId = nextCallId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(callId, { resolve: resolve as (v: unknown) => void, reject });
    send({ type: 'call', callId, hook, args });
  });
}

port.on('message', (msg: ToThread) => {
  switch (msg.type) {
    case 'init':
      void selectBackend(msg.backend).then(
        (b) => send({ type: 'ready', backend: b.name }),
        (err: Error) => send({ type: 'failed', message: err.message }),
      );
      break;
    case 'run': {
      abort = new AbortController();
      const hooks: TrialHooks = {
        signal: abort.signal,
        onEpoch: (metrics, decision) => call('onEpoch', metrics, decision),
        onCheckpoint: (checkpoint) => call('onCheckpoint', checkpoint),
        shouldPrune: (metrics, history) => call('shouldPrune', metrics, history),
        onFinalWeights: (bytes) => call('onFinalWeights', bytes),
      };
      runTrialHere(msg.run, hooks).then(
        (outcome) => send({ type: 'done', outcome }),
        (err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
      );
      break;
    }
    case 'abort':
      abort?.abort();
      break;
    case 'reply': {
      const p = pending.get(msg.callId);
      pending.delete(msg.callId);
      if (msg.error !== undefined) p?.reject(new Error(msg.error));
      else p?.resolve(msg.value);
      break;
    }
  }
});
