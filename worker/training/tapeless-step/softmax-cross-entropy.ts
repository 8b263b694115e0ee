// Softmax cross-entropy with its gradient in one pass over a batch's logits, on the host: for
// LeNet's [64, 10] logits this is a few microseconds, against the ~10 kernels (and engine round
// trips) tfjs's tf.losses.softmaxCrossEntropy and its gradient take.
//
// Formula (row i of m rows, classes j, label y_i):
//   p_ij = exp(z_ij − max_j z_ij) / Σ_j exp(z_ij − max_j z_ij)
//   loss = (1/m) Σ_i −log p_{i,y_i}          (tfjs's default reduction: the mean over the batch)
//   ∂loss/∂z_ij = (p_ij − [j = y_i]) / m       (m = `gradientRows`: the whole batch's rows for a part of it)
// `correct` counts rows whose first arg-max is the label (tf.argMax's tie rule). Sums run in
// float64; a row with a NaN or infinite logit makes the loss NaN or Infinity (a diverged run).

export interface SoftmaxCrossEntropy {
  /** Mean cross-entropy over the rows. */
  loss: number;
  /** Rows whose arg-max logit is the label. */
  correct: number;
}

/** Writes ∂loss/∂logits into `gradient` (may be `logits` itself; null: not wanted) and returns the loss and the hits. */
export function softmaxCrossEntropy(logits: Float32Array, labels: ArrayLike<number>, classes: number, gradient: Float32Array | null, gradientRows = labels.length): SoftmaxCrossEntropy {
  const rows = labels.length;
  let lossSum = 0;
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    const at = i * classes;
    const label = labels[i]!;
    let max = logits[at]!;
    let argMax = 0;
    for (let j = 1; j < classes; j++) {
      const z = logits[at + j]!;
      if (z > max) {
        max = z;
        argMax = j;
      }
    }
    if (argMax === label) correct++;
    let sum = 0;
    for (let j = 0; j < classes; j++) sum += Math.exp(logits[at + j]! - max);
    const logSum = Math.log(sum);
    lossSum -= logits[at + label]! - max - logSum;
    if (gradient === null) continue;
    for (let j = 0; j < classes; j++) {
      const p = Math.exp(logits[at + j]! - max - logSum);
      gradient[at + j] = (p - (j === label ? 1 : 0)) / gradientRows;
    }
  }
  return { loss: lossSum / rows, correct };
}
