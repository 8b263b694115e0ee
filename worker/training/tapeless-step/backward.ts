// The backward pass of a planned model from the gradient of the loss at the logits, last layer
// first, with the project's wasm gradient kernels: filter and input gradients of convolutions,
// pool gradients, products for dense layers (matmul-simd.ts where the widths come in fours),
// bias sums, an activation-gradient pass; L2 adds
// 2·l2·W to each regularised kernel's gradient (withL2; a data-parallel part leaves it to the
// part that applies the update). Returns each variable's gradient (owned by the caller).
import * as tf from '@tensorflow/tfjs';
import { activationGradientInPlace, addScaledInPlace } from '../kernels/activation-gradient.js';
import { runWasmKernel, type BackendWasm } from '../kernels/wasm-kernel-calls.js';
import { matMulSimd, transposeOnHeap } from '../kernels/matmul-simd.js';
import { convAttrs, poolAttrs, type SavedLayer } from './forward.js';
import { reshaped, type HeapScope } from './heap-scope.js';
import type { PlannedLayer } from './plan.js';

type Info = tf.TensorInfo;

export interface VariableGradient {
  variable: tf.Variable;
  gradient: Info;
}

/** The project's kernel for `name` on wasm (its registered one, not the shipped one). */
function projectKernel(name: string, backend: BackendWasm, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap): Info {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`tapeless step: wasm has no ${name} kernel`);
  return config.kernelFunc({ inputs, backend, attrs }) as Info;
}

const sumAttrs = (axis: number[]) => ({ axis, keepDims: false }) as unknown as tf.NamedAttrMap;
const matMulAttrs = (transposeA: boolean, transposeB: boolean) => ({ transposeA, transposeB }) as unknown as tf.NamedAttrMap;

/**
 * Gradients of every variable, given `dLogits` (owned by `scope`, overwritten) and the forward
 * pass's `saved` layers. Intermediates go to `scope`; the gradients themselves are the caller's
 * (`keep` receives each as it is made, so none is lost if a later kernel throws).
 */
export function runBackward(layers: PlannedLayer[], saved: SavedLayer[], dLogits: Info, scope: HeapScope, keep: (g: VariableGradient) => void, withL2 = true): void {
  const { backend } = scope;
  let dy = dLogits;
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i]!;
    const { input, output, mask } = saved[i]!;
    const needInputGradient = i > 0;
    switch (layer.kind) {
      case 'conv': {
        activationGradientInPlace(backend, layer.activation, dy, output);
        const kernel = layer.kernel.variable.read() as tf.Variable;
        const dw = projectKernel('Conv2DBackpropFilter', backend, { x: input, dy }, convAttrs(layer.padding, { filterShape: kernel.shape }));
        keep({ variable: kernel, gradient: dw });
        keep({ variable: layer.bias.variable.read() as tf.Variable, gradient: projectKernel('Sum', backend, { x: dy }, sumAttrs([0, 1, 2])) });
        if (withL2 && layer.l2 > 0) addScaledInPlace(backend, dw, kernel, 2 * layer.l2);
        if (needInputGradient) dy = scope.own(projectKernel('Conv2DBackpropInput', backend, { dy, filter: kernel }, convAttrs(layer.padding, { inputShape: input.shape })));
        break;
      }
      case 'pool':
        dy = scope.own(layer.pooling === 'max'
          ? projectKernel('MaxPoolGrad', backend, { dy, input, output }, poolAttrs)
          : runWasmKernel('AvgPoolGrad', backend, { dy, input }, poolAttrs));
        break;
      case 'flatten':
        dy = reshaped(dy, input.shape);
        break;
      case 'dropout':
        // Evaluation passes keep no mask, but they never come here.
        dy = scope.own(runWasmKernel('Multiply', backend, { a: dy, b: mask! }));
        break;
      case 'dense': {
        activationGradientInPlace(backend, layer.activation, dy, output);
        const kernel = layer.kernel.variable.read() as tf.Variable;
        const [rows, inputs] = input.shape as [number, number];
        const units = kernel.shape[1]!;
        // Xᵀ·dY read through strides by the SIMD product (units in fours), else the matmul kernel.
        const dw = matMulSimd(backend, input, dy, { m: inputs, k: rows, rowStride: 1, depthStride: inputs }, null, false) ??
          reshaped(projectKernel('BatchMatMul', backend, { a: reshaped(input, [1, rows, inputs]), b: reshaped(dy, [1, rows, units]) }, matMulAttrs(true, false)), [inputs, units]);
        keep({ variable: kernel, gradient: dw });
        keep({ variable: layer.bias.variable.read() as tf.Variable, gradient: projectKernel('Sum', backend, { x: dy }, sumAttrs([0])) });
        if (withL2 && layer.l2 > 0) addScaledInPlace(backend, dw, kernel, 2 * layer.l2);
        if (needInputGradient) {
          // dY·Wᵀ: Wᵀ made once (a JS pass), then the SIMD product when inputs come in fours.
          const direct = inputs % 4 === 0 ? matMulSimd(backend, dy, scope.own(transposeOnHeap(backend, kernel)), { m: rows, k: units, rowStride: units, depthStride: 1 }, null, false) : null;
          const dx = scope.own(direct ?? projectKernel('BatchMatMul', backend, { a: reshaped(dy, [1, rows, units]), b: reshaped(kernel, [1, inputs, units]) }, matMulAttrs(false, true)));
          dy = reshaped(dx, [rows, inputs]);
        }
        break;
      }
    }
  }
}
