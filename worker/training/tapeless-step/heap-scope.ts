// The intermediates of one tapeless pass: backend data ids on the wasm heap that the engine never
// sees (they do not show in tf.memory()), so each is listed here when made and freed at the end.
import type * as tf from '@tensorflow/tfjs';
import { freeIntermediate, type BackendWasm } from '../kernels/wasm-kernel-calls.js';

export class HeapScope {
  private readonly infos: tf.TensorInfo[] = [];
  private readonly tensors: tf.Tensor[] = [];

  constructor(readonly backend: BackendWasm) {}

  /** Frees `info` with the scope; returns it. */
  own(info: tf.TensorInfo): tf.TensorInfo {
    this.infos.push(info);
    return info;
  }

  /** Hands `info` over to the caller (e.g. to the engine as a tensor): the scope no longer frees it. */
  release(info: tf.TensorInfo): tf.TensorInfo {
    const at = this.infos.indexOf(info);
    if (at >= 0) this.infos.splice(at, 1);
    return info;
  }

  /** Disposes the engine tensor `tensor` with the scope; returns it. */
  ownTensor<T extends tf.Tensor>(tensor: T): T {
    this.tensors.push(tensor);
    return tensor;
  }

  free(): void {
    for (const tensor of this.tensors.splice(0)) tensor.dispose();
    for (const info of this.infos.splice(0)) freeIntermediate(this.backend, info);
  }
}

/** The same data under another shape (a reshape is metadata only on wasm). */
export const reshaped = (info: tf.TensorInfo, shape: number[]): tf.TensorInfo => ({ dataId: info.dataId, shape, dtype: info.dtype });
