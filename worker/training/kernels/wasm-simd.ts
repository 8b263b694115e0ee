// A minimal encoder for small hand-written WebAssembly SIMD functions, instantiated on the memory
// of tfjs's wasm backend so they read and write tensors where they lie. For element loops that
// XNNPACK does not offer and JS runs slowly (data-dependent branches, no vectors), e.g. the
// max-pool gradient: ~10× faster than the same loop in JS on this machine.
//
// Only what the project's kernels use is encoded; the opcodes are those of the WebAssembly core
// spec and its fixed-width SIMD extension (BinarySIMD.md): 0xFD prefix, LEB128 sub-opcode.

import { setFlagsFromString } from 'node:v8';
import type { BackendWasm } from './wasm-kernel-calls.js';

export const I32 = 0x7f;
export const V128 = 0x7b;

function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function signedLeb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const simd = (op: number) => [0xfd, ...unsignedLeb(op)];
/** memarg: alignment as log2 bytes (a hint only, at most the access's natural size) and a static offset. */
const memarg = (offset: number, alignLog2 = 4) => [alignLog2, ...unsignedLeb(offset)];

/** Instructions, each a list of bytes; bodies are concatenations of these. */
export const op = {
  get: (local: number) => [0x20, ...unsignedLeb(local)],
  set: (local: number) => [0x21, ...unsignedLeb(local)],
  tee: (local: number) => [0x22, ...unsignedLeb(local)],
  i32: (value: number) => [0x41, ...signedLeb(value)],
  f32: (value: number) => {
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    return [0x43, ...bytes];
  },
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32LtU: [0x49],
  v128Load: (offset = 0) => [...simd(0x00), ...memarg(offset)],
  v128Store: (offset = 0) => [...simd(0x0b), ...memarg(offset)],
  /** Loads one f32 and splats it to four lanes. */
  v128Load32Splat: (offset = 0) => [...simd(0x09), ...memarg(offset, 2)],
  v128Zero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
  f32x4Splat: simd(0x13),
  f32x4Gt: simd(0x44),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  f32x4Sqrt: simd(0xe3),
  f32x4Max: simd(0xe9),
  /** The f32 whose bits are an i32 (parameters are i32 only: floats travel as their bits). */
  f32ReinterpretI32: [0xbe],
  /** Relaxed SIMD: a·b + c, fused (one rounding) where the CPU has FMA. */
  f32x4RelaxedMadd: simd(0x105),
  v128And: simd(0x4e),
  v128AndNot: simd(0x4f),
  v128Bitselect: simd(0x52),
} as const;

/**
 * Whether this engine runs relaxed SIMD's fused multiply-add (WebAssembly 3.0; on by default from
 * V8 11.4 / Node 22, behind --experimental-wasm-relaxed-simd in Node 20, which is switched on here
 * before the first module is compiled). WASM_RELAXED_SIMD=0 keeps the separate multiply and add.
 */
export const RELAXED_SIMD: boolean = detectRelaxedSimd();

function detectRelaxedSimd(): boolean {
  if (process.env.WASM_RELAXED_SIMD === '0') return false;
  // (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd)
  const probe = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
    0x03, 0x02, 0x01, 0x00,
    0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
  ]);
  if (WebAssembly.validate(probe)) return true;
  try {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return WebAssembly.validate(probe);
}

/** `acc += a · b` on f32x4 locals: one fused multiply-add with relaxed SIMD, else a multiply and an add. */
export function mulAdd(acc: number, a: number, b: number): number[] {
  return RELAXED_SIMD
    ? [...op.get(a), ...op.get(b), ...op.get(acc), ...op.f32x4RelaxedMadd, ...op.set(acc)]
    : [...op.get(acc), ...op.get(a), ...op.get(b), ...op.f32x4Mul, ...op.f32x4Add, ...op.set(acc)];
}

/** `local += step` (i32). */
export function addTo(local: number, step: number[] | number): number[] {
  const stepBytes = typeof step === 'number' ? op.i32(step) : step;
  return [...op.get(local), ...stepBytes, ...op.i32Add, ...op.set(local)];
}

/** `counter = 0; do { body } while (++counter < limit)`: callers guarantee limit ≥ 1. */
export function repeat(counter: number, limit: number, body: number[]): number[] {
  return [
    ...op.i32(0), ...op.set(counter),
    0x03, 0x40, // loop (no result)
    ...body,
    ...op.get(counter), ...op.i32(1), ...op.i32Add, ...op.tee(counter),
    ...op.get(limit), ...op.i32LtU,
    0x0d, 0x00, // br_if 0: back to the loop head
    0x0b, // end
  ];
}

/** `for (counter = 0; counter < limit; counter++) { body }`: like repeat, and a limit of 0 runs nothing. */
export function repeatUpTo(counter: number, limit: number, body: number[]): number[] {
  return [...op.get(limit), 0x04, 0x40, ...repeat(counter, limit, body), 0x0b]; // if (limit) … end
}

/** 0, 1, …, n − 1: the unrolled indices of a generated loop body. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

export interface SimdFunction {
  name: string;
  /** Parameter count; all parameters are i32 (byte addresses and sizes). */
  params: number;
  /** Extra locals after the parameters, in order. */
  locals: Array<typeof I32 | typeof V128>;
  body: number[];
}

function section(id: number, payload: number[]): number[] {
  return [id, ...unsignedLeb(payload.length), ...payload];
}

function vector(items: number[][]): number[] {
  return [...unsignedLeb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...unsignedLeb(bytes.length), ...bytes];
}

/** A module importing memory `env.memory` and exporting `functions`, each of type (i32…) → (). */
export function encodeModule(functions: SimdFunction[]): Uint8Array<ArrayBuffer> {
  const types = functions.map((f) => [0x60, ...vector(Array.from({ length: f.params }, () => [I32])), 0x00]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, 0x00]; // memory, limits {min 0}
  const code = functions.map((f) => {
    const groups: number[][] = [];
    for (const type of f.locals) {
      const last = groups[groups.length - 1];
      if (last !== undefined && last[1] === type) last[0]! += 1;
      else groups.push([1, type]);
    }
    const fn = [...vector(groups.map(([count, type]) => [...unsignedLeb(count!), type!])), ...f.body, 0x0b];
    return [...unsignedLeb(fn.length), ...fn];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(types)),
    ...section(2, vector([memoryImport])),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb(i)]))),
    ...section(10, vector(code)),
  ]);
}

/** The WebAssembly.Memory behind tfjs-wasm's heap, or undefined when this build hides it. */
export function wasmBackendMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const module = backend.wasm as unknown as { asm?: Record<string, unknown>; HEAPU8: Uint8Array };
  const exports = module.asm;
  if (exports === undefined) return undefined;
  for (const value of Object.values(exports)) {
    if (value instanceof WebAssembly.Memory && value.buffer === module.HEAPU8.buffer) return value;
  }
  return undefined;
}

const instances = new WeakMap<object, WeakMap<Uint8Array<ArrayBuffer>, WebAssembly.Exports | null>>();

/**
 * Instantiates `bytes` on `backend`'s heap (once per backend and module), or returns null where
 * that cannot be done (no visible memory, no SIMD): callers then take their JS path.
 */
export function instantiateOnHeap(backend: BackendWasm, bytes: Uint8Array<ArrayBuffer>): WebAssembly.Exports | null {
  let perBackend = instances.get(backend);
  if (perBackend === undefined) {
    perBackend = new WeakMap();
    instances.set(backend, perBackend);
  }
  const cached = perBackend.get(bytes);
  if (cached !== undefined) return cached;
  let exports: WebAssembly.Exports | null = null;
  const memory = wasmBackendMemory(backend);
  if (memory !== undefined && WebAssembly.validate(bytes)) {
    try {
      exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
    } catch {
      exports = null;
    }
  }
  perBackend.set(bytes, exports);
  return exports;
}
