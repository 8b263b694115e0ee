// The contract of the ProjectAdamUpdate kernel: its name and attributes. The fused Adam optimizer
// (fused-adam-optimizer.ts) calls it where a backend registers it; the kernels themselves (wasm
// and cpu) live with the worker's training kernels (worker/training/kernels/adam-update.ts).
// Apart, so the optimizers the browser also runs never import the worker.

export const ADAM_UPDATE = 'ProjectAdamUpdate';

export interface AdamUpdateAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}
