// `npm run bench`: the figures the README quotes, measured in one invocation on this machine.
//   1. forward/backward time per kernel at the reference shapes,
//   2. dashboard drawing (500 trials × 30 epochs, then one more epoch each) in Chromium,
//      and API latency under load (50 SSE clients + reads while a study trains),
//   3. reference LeNet training throughput per backend (+ the product's own trainTrial path),
//   4. the PyTorch anchor on the same network and data, and ratio_to_pytorch (interleaved, medians of 3),
//   4b. every core training: a trial per core through the queue and a worker's threads against as
//      many one-thread PyTorch runs at once, study_ratio_to_pytorch (`npm run bench:study`),
//   5. the search problem (issue 11) on MNIST and Fashion-MNIST beside the Optuna anchor
//      (`npm run bench:search` runs it alone),
//   6. the chaos run: a 3-stage MNIST study on 3 worker processes, one SIGKILLed every ~10 s,
//      Redis (AOF) restarted once (`npm run bench:chaos` runs it alone).
// Flags: --json (one JSON object instead of lines), --quick (skip the slow pure-JS cpu run, the
// load test and the chaos run), --only=kernels,dashboard,load,lenet,torch,study,search,chaos (a subset).
import { measureLenetThroughput, formatLenetThroughput, type LenetThroughputResult } from './lenet-throughput.js';
import { measureProductThroughput, formatProductThroughput, type ProductThroughput } from './product-throughput.js';
import { measureTorchAnchor, type TorchAnchor } from './torch-anchor.js';
import { measureKernelTimings, formatKernelTimings, type KernelTiming } from './kernel-timings.js';
import { measureApiLoad, formatApiLoad, type ApiLoadResult } from './api-load.js';
import { measureDashboardDraw, formatDashboardDraw, type DashboardDrawResult } from './dashboard-draw.js';
import { runChaos, formatChaos, type ChaosResult } from './chaos.js';
import { formatStudyThroughput, measureStudyThroughput, spreadOf, type StudyThroughput } from './study-throughput.js';
import { measureOurSearch, measureOptunaAnchor, formatSearch, searchSpec, type SearchFigures } from './search.js';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wants = (part: string) => !only || only.includes(part);
const say = (line: string) => {
  if (!json) console.log(line);
};
const note = (line: string) => console.error(`[bench] ${line}`);

/** Pure-JS cpu takes ~2 s a batch on this network: it is timed on a small subset only. */
const CPU_IMAGES = 512;

interface Report {
  machine: { cpus: number; node: string };
  lenet: Array<LenetThroughputResult & { images: number }>;
  product: ProductThroughput | null;
  torch: TorchAnchor | null;
  ratioToPytorch: number | null;
  kernels: KernelTiming[];
  apiLoad: ApiLoadResult[];
  dashboard: DashboardDrawResult | null;
  chaos: ChaosResult | null;
  search: Array<SearchFigures | { unavailable: string }>;
  study: StudyThroughput | { unavailable: string } | null;
}

/**
 * The full chaos study: the search problem with promotion and no pruner (every planned epoch is
 * trained, so the run lasts long enough for several kills): 24 + 24 + 12 = 60 epochs of 12,000 images.
 */
const CHAOS_SPEC = searchSpec('mnist', {
  name: 'chaos',
  seed: 11,
  stages: [{ trials: 8, epochs: 3 }, { trials: 6, epochs: 6, keepTop: 4 }, { trials: 3, epochs: 10, keepTop: 3 }],
  pruner: { type: 'none' },
});

async function main(): Promise<void> {
  const os = await import('node:os');
  const report: Report = { machine: { cpus: os.cpus().length, node: process.version }, lenet: [], product: null, torch: null, ratioToPytorch: null, kernels: [], apiLoad: [], dashboard: null, chaos: null, search: [], study: null };

  if (wants('kernels')) {
    note('per-kernel timings at the reference shapes');
    report.kernels = await measureKernelTimings({ variants: quick ? ['wasm'] : undefined });
    say(formatKernelTimings(report.kernels));
  }

  if (wants('dashboard')) {
    note('dashboard drawing in Chromium: 500 trials × 30 epochs, then one epoch more for every trial');
    report.dashboard = await measureDashboardDraw();
    say(formatDashboardDraw(report.dashboard));
  }

  if (wants('load') && !quick) {
    for (const worker of ['process', 'inline'] as const) {
      note(`API under load, worker ${worker === 'process' ? 'in its own process' : 'inside the API process (npm start)'}`);
      const r = await measureApiLoad({ worker });
      report.apiLoad.push(r);
      say(formatApiLoad(r));
    }
  }

  if (wants('lenet')) {
    note('reference LeNet on wasm (8192 MNIST images, 2 epochs, the second timed): the tapeless step trainTrial runs there, then tfjs\'s tape');
    for (const step of ['tapeless', 'tape'] as const) {
      const wasm = await measureLenetThroughput({ backend: 'wasm', step });
      report.lenet.push({ ...wasm, images: 8192 });
      say(formatLenetThroughput(wasm));
    }
    if (!quick) {
      note(`reference LeNet on pure-JS cpu (${CPU_IMAGES} images: it is ~100× slower)`);
      const cpu = await measureLenetThroughput({ backend: 'cpu', images: CPU_IMAGES });
      report.lenet.push({ ...cpu, images: CPU_IMAGES });
      say(`${formatLenetThroughput(cpu)} images=${CPU_IMAGES}`);
    }
    note('the product path (trainTrial, as a train job runs it)');
    report.product = await measureProductThroughput('wasm');
    say(formatProductThroughput(report.product));
  }

  if (wants('torch')) {
    // Interleaved with the wasm run, three rounds, so both sides see the same machine load.
    note('PyTorch anchor (../shared/anchors/torch_lenet.py), 2 threads, interleaved with the wasm run, 3 rounds');
    const ourRuns = report.lenet.filter((r) => r.backend === 'wasm' && r.step === 'tapeless').map((r) => r.samplesPerSecond);
    const torchRuns: number[] = [];
    for (let round = 0; round < 3; round++) {
      if (round >= ourRuns.length) ourRuns.push((await measureLenetThroughput({ backend: 'wasm' })).samplesPerSecond);
      report.torch = await measureTorchAnchor();
      if (!report.torch.available) break;
      torchRuns.push(report.torch.samplesPerSecond);
    }
    if (report.torch?.available && torchRuns.length > 0) {
      const ours = spreadOf(ourRuns);
      const torch = spreadOf(torchRuns);
      say(`torch samples_per_s=${Math.round(torch.median)} (${Math.round(torch.min)}…${Math.round(torch.max)}) acc=${report.torch.accuracy.toFixed(3)} threads=${report.torch.threads} rounds=${torchRuns.length}`);
      say(`lenet backend=wasm step=tapeless samples_per_s=${Math.round(ours.median)} (${Math.round(ours.min)}…${Math.round(ours.max)}) rounds=${ourRuns.length}`);
      report.ratioToPytorch = ours.median / torch.median;
      say(`ratio_to_pytorch=${report.ratioToPytorch.toFixed(3)}`);
      // One trial on every core, as torch's two threads are (TRIAL_THREADS: a worker with one slot).
      const split = (await measureLenetThroughput({ backend: 'wasm', threads: report.machine.cpus })).samplesPerSecond;
      const torchAfter = await measureTorchAnchor();
      const torchNow = torchAfter.available ? spreadOf([...torchRuns, torchAfter.samplesPerSecond]).median : torch.median;
      say(`lenet backend=wasm step=tapeless threads=${report.machine.cpus} samples_per_s=${Math.round(split)}`);
      say(`ratio_to_pytorch_all_cores=${(split / torchNow).toFixed(3)} (one trial's batches split across ${report.machine.cpus} threads, against torch with ${report.torch.threads})`);
    } else {
      say(`ratio_to_pytorch=unavailable (${report.torch && !report.torch.available ? report.torch.why : 'no tfjs figure in this run'})`);
    }
  }

  if (wants('study') && (!quick || only?.includes('study'))) {
    note('every core training: a trial per core through the queue and one worker with a thread per trial, against as many one-thread PyTorch runs at once');
    report.study = await measureStudyThroughput({ log: note });
    say(formatStudyThroughput(report.study));
  }

  if (wants('search') && (!quick || only?.includes('search'))) {
    for (const dataset of ['mnist', 'fashion-mnist'] as const) {
      note(`search: ${dataset}, 84-epoch budget, 2 worker processes`);
      const ours = await measureOurSearch({ dataset, workers: 2, log: note });
      report.search.push(ours);
      say(formatSearch(ours));
      note(`search: the Optuna anchor (TPE + MedianPruner, PyTorch) on the same ${dataset} split`);
      const anchor = await measureOptunaAnchor(dataset).catch((err: unknown) => ({ unavailable: `the anchor failed: ${(err as Error).message.split('\n')[0]}` }));
      report.search.push(anchor);
      say('unavailable' in anchor ? `search system=optuna dataset=${dataset} unavailable (${anchor.unavailable})` : formatSearch(anchor));
    }
  }

  if (wants('chaos') && (!quick || only?.includes('chaos'))) {
    note('chaos: 3-stage MNIST study, 3 worker processes, a busy one SIGKILLed every ~10 s, Redis restarted once');
    report.chaos = await runChaos({ workers: 3, killEveryMs: 10_000, spec: CHAOS_SPEC, restartRedisAtEpochs: 30, seed: 5, log: note });
    say(formatChaos(report.chaos));
  }

  if (json) console.log(JSON.stringify(report, null, 2));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`[bench] failed: ${err instanceof Error ? err.stack : String(err)}`);
    process.exit(1);
  },
);
