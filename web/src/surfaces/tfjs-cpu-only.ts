// What the dashboard's build gets for `@tensorflow/tfjs` (web/vite.config.ts points the import
// here): tfjs-core — the tensors, optimizers and engine that surfaces/ uses — with only the pure-JS
// `cpu` backend, the backend the API computes surface races on. The full package would add the
// layers, converter and data libraries and the WebGL backend (which headless, GPU-less browsers
// cannot start): a lazily loaded chunk less than half the size. `@tensorflow/tfjs` itself is
// exactly these modules re-exported, at the same version (4.22).
export * from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
