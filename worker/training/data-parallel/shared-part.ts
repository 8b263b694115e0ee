// The memory one data-parallel helper thread shares with the thread it helps: a SharedArrayBuffer
// holding, for one step, the weights to compute with, the helper's rows of the batch (pixels and
// labels), the dropout layers' seeds, and the helper's answer (its gradients, loss and hits). Two
// counters synchronise the threads with Atomics: `request` (set by the trainer, one per step) and
// `done` (set by the helper to the request it answered, or to FAILED).
export interface PartSizes {
  /** Elements of each trainable variable, in the model's variable order. */
  variables: number[];
  /** Floats of one image. */
  pixelsPerImage: number;
  /** The most rows one part can hold. */
  maxRows: number;
  /** Dropout layers in the model. */
  dropoutLayers: number;
}

const CONTROL = { request: 0, done: 1, rows: 2, start: 3, total: 4 } as const;
const CONTROL_INTS = 8;
/** `done` when the helper could not compute its part; `message` holds why. */
export const FAILED = -1;
/** `request` that tells the helper to end. */
export const STOP = -2;
const MESSAGE_BYTES = 512;

export class SharedPart {
  readonly control: Int32Array;
  /** [loss (mean over the part's rows), correct]. */
  readonly results: Float64Array;
  /** One seed per dropout layer; NaN for none. */
  readonly seeds: Float64Array;
  readonly weights: Float32Array;
  readonly gradients: Float32Array;
  readonly pixels: Float32Array;
  readonly labels: Int32Array;
  private readonly message: Uint8Array;
  /** Offset of each variable in `weights` and `gradients`. */
  readonly offsets: number[];

  constructor(readonly sizes: PartSizes, readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(SharedPart.bytes(sizes))) {
    const params = sizes.variables.reduce((a, b) => a + b, 0);
    let at = 0;
    const take = (bytes: number) => {
      const start = at;
      at += Math.ceil(bytes / 8) * 8;
      return start;
    };
    this.control = new Int32Array(buffer, take(CONTROL_INTS * 4), CONTROL_INTS);
    this.results = new Float64Array(buffer, take(16), 2);
    this.seeds = new Float64Array(buffer, take(8 * sizes.dropoutLayers), sizes.dropoutLayers);
    this.weights = new Float32Array(buffer, take(4 * params), params);
    this.gradients = new Float32Array(buffer, take(4 * params), params);
    this.pixels = new Float32Array(buffer, take(4 * sizes.maxRows * sizes.pixelsPerImage), sizes.maxRows * sizes.pixelsPerImage);
    this.labels = new Int32Array(buffer, take(4 * sizes.maxRows), sizes.maxRows);
    this.message = new Uint8Array(buffer, take(MESSAGE_BYTES), MESSAGE_BYTES);
    this.offsets = sizes.variables.map((_, i) => sizes.variables.slice(0, i).reduce((a, b) => a + b, 0));
  }

  static bytes(sizes: PartSizes): number {
    const params = sizes.variables.reduce((a, b) => a + b, 0);
    const round = (n: number) => Math.ceil(n / 8) * 8;
    return round(CONTROL_INTS * 4) + 16 + round(8 * sizes.dropoutLayers) + 2 * round(4 * params) +
      round(4 * sizes.maxRows * sizes.pixelsPerImage) + round(4 * sizes.maxRows) + MESSAGE_BYTES;
  }

  weightsOf(i: number): Float32Array {
    return this.weights.subarray(this.offsets[i]!, this.offsets[i]! + this.sizes.variables[i]!);
  }

  gradientOf(i: number): Float32Array {
    return this.gradients.subarray(this.offsets[i]!, this.offsets[i]! + this.sizes.variables[i]!);
  }

  get rows(): number { return this.control[CONTROL.rows]!; }
  get start(): number { return this.control[CONTROL.start]!; }
  get total(): number { return this.control[CONTROL.total]!; }

  /** Trainer: the part's rows are written; asks the helper for request number `request`. */
  post(request: number, rows: number, start: number, total: number): void {
    this.control[CONTROL.rows] = rows;
    this.control[CONTROL.start] = start;
    this.control[CONTROL.total] = total;
    Atomics.store(this.control, CONTROL.request, request);
    Atomics.notify(this.control, CONTROL.request);
  }

  /** Helper: blocks until a request other than `last` arrives, and returns it. */
  nextRequest(last: number): number {
    Atomics.wait(this.control, CONTROL.request, last);
    return Atomics.load(this.control, CONTROL.request);
  }

  /** Helper: request `request` is answered (or failed, with why). */
  answer(request: number, failure?: string): void {
    if (failure !== undefined) {
      const bytes = new TextEncoder().encode(failure.slice(0, MESSAGE_BYTES / 4));
      this.message.fill(0);
      this.message.set(bytes.subarray(0, MESSAGE_BYTES));
    }
    Atomics.store(this.control, CONTROL.done, failure === undefined ? request : FAILED);
    Atomics.notify(this.control, CONTROL.done);
  }

  /** Trainer: blocks until request `request` is answered; throws the helper's failure, or after `timeoutMs` of silence. */
  awaitAnswer(request: number, timeoutMs: number): void {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = Atomics.load(this.control, CONTROL.done);
      if (done === request) return;
      if (done === FAILED) {
        const text = new TextDecoder().decode(this.message.slice()).replace(/\0+$/, '');
        throw new Error(`a data-parallel helper thread failed: ${text}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`a data-parallel helper thread did not answer within ${timeoutMs / 1000} s`);
      Atomics.wait(this.control, CONTROL.done, done, left);
    }
  }
}
