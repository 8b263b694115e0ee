// Reads a LeNet-family model (build-model.ts) as the list of steps the tapeless training step runs:
// conv (with its activation), pool, flatten, dropout, dense. Anything else — another layer type,
// strides or dilations other than 1, a pool other than 2×2/2, an activation without a gradient
// here, a layer without bias — makes the plan say why, and the trainer keeps tfjs's tape for it.
import type * as tf from '@tensorflow/tfjs';

export type PlannedActivation = 'relu' | 'tanh' | 'linear';

/** A trainable weight of the model: the layer's variable as the optimizer knows it (by name). */
export interface PlannedWeight {
  variable: tf.LayerVariable;
}

export type PlannedLayer =
  | { kind: 'conv'; kernel: PlannedWeight; bias: PlannedWeight; padding: 'valid' | 'same'; activation: PlannedActivation; l2: number }
  | { kind: 'pool'; pooling: 'max' | 'avg' }
  | { kind: 'flatten' }
  | { kind: 'dropout'; rate: number; layer: tf.layers.Layer }
  | { kind: 'dense'; kernel: PlannedWeight; bias: PlannedWeight; activation: PlannedActivation; l2: number };

export type ModelPlan = { layers: PlannedLayer[] } | { unsupported: string };

interface LayerInternals {
  kernel?: tf.LayerVariable;
  bias?: tf.LayerVariable;
  kernelRegularizer?: { getConfig?: () => { l1?: number; l2?: number } };
  noiseShape?: number[] | null;
}

const sameAll = (values: unknown, expected: number) =>
  (Array.isArray(values) ? values : [values]).every((v) => v === expected);

function activationOf(config: tf.serialization.ConfigDict): PlannedActivation | null {
  const name = config.activation;
  return name === 'relu' || name === 'tanh' || name === 'linear' ? name : null;
}

/** l2 of an L1L2 kernel regulariser with l1 = 0 (0 when there is none), or null for any other regulariser. */
function l2Of(layer: LayerInternals): number | null {
  const reg = layer.kernelRegularizer;
  if (reg === undefined || reg === null) return 0;
  const config = reg.getConfig?.();
  if (config === undefined || (config.l1 ?? 0) !== 0) return null;
  return config.l2 ?? 0;
}

function planLayer(layer: tf.layers.Layer): PlannedLayer | string {
  const name = layer.getClassName();
  const config = layer.getConfig();
  const internals = layer as unknown as LayerInternals;
  switch (name) {
    case 'Conv2D':
    case 'Dense': {
      const activation = activationOf(config);
      if (activation === null) return `${layer.name}: activation ${String(config.activation)}`;
      const l2 = l2Of(internals);
      if (l2 === null) return `${layer.name}: a regulariser other than L2`;
      if (internals.kernel === undefined || internals.bias === undefined || config.useBias === false) return `${layer.name}: no bias`;
      const weights = { kernel: { variable: internals.kernel }, bias: { variable: internals.bias }, activation, l2 };
      if (name === 'Dense') return { kind: 'dense', ...weights };
      if (!sameAll(config.strides, 1) || !sameAll(config.dilationRate, 1)) return `${layer.name}: strides or dilations other than 1`;
      if (config.dataFormat !== 'channelsLast') return `${layer.name}: data format ${String(config.dataFormat)}`;
      if (config.padding !== 'valid' && config.padding !== 'same') return `${layer.name}: padding ${String(config.padding)}`;
      return { kind: 'conv', ...weights, padding: config.padding };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D':
      if (!sameAll(config.poolSize, 2) || !sameAll(config.strides, 2) || config.padding !== 'valid') return `${layer.name}: a pool other than 2×2, stride 2, valid`;
      return { kind: 'pool', pooling: name === 'MaxPooling2D' ? 'max' : 'avg' };
    case 'Flatten':
      return { kind: 'flatten' };
    case 'Dropout':
      if (internals.noiseShape != null) return `${layer.name}: a noise shape`;
      return { kind: 'dropout', rate: config.rate as number, layer };
    default:
      return `${layer.name}: layer type ${name}`;
  }
}

/** The plan for `model`, or why it has none (the trainer then uses tfjs's tape). */
export function planModel(model: tf.LayersModel): ModelPlan {
  const layers: PlannedLayer[] = [];
  for (const layer of model.layers) {
    const planned = planLayer(layer);
    if (typeof planned === 'string') return { unsupported: planned };
    layers.push(planned);
  }
  const last = layers[layers.length - 1];
  if (last?.kind !== 'dense' || last.activation !== 'linear') return { unsupported: 'the last layer is not a linear dense layer (logits)' };
  return { layers };
}
