// A training thread's first module: lets the thread load the project's TypeScript (tsx, as the
// process does), then runs the entry the pool names in workerData (thread-main.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
