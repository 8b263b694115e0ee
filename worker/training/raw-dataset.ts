// The shape every dataset loader returns before standardisation: raw pixels in their own scale
// (0–255 bytes for the MNIST family, 0–1 floats for the synthetic set) plus labels. Standardising
// happens once, in one place (datasets.ts), with statistics of the training part only.
export interface RawDataset {
  height: number;
  width: number;
  channels: number;
  /** N × H × W × C pixels, row-major, channels last. */
  trainPixels: Uint8Array | Float32Array;
  trainLabels: Uint8Array;
  testPixels: Uint8Array | Float32Array;
  testLabels: Uint8Array;
}
