// The layers eslint.config.js enforces (README, "How the code is laid out"): a reversed import
// fails lint, which `npm test` runs. Checked here on probe sources linted as if they sat in each
// folder, so a rule that stops matching (a renamed folder, a broken pattern) fails a test too.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function problems(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
}

describe('import layers', () => {
  it.each([
    ['search/probe.ts', "import { StudyStore } from '../store/study-store.js';\nexport const x = StudyStore;\n", 'search/ may import only types/'],
    ['surfaces/probe.ts', "import { trainTrial } from '../worker/training/train-trial.js';\nexport const x = trainTrial;\n", 'surfaces/ may import only'],
    ['store/probe.ts', "import { createApp } from '../api/app.js';\nexport const x = createApp;\n", 'store/ may import only'],
    ['worker/probe.ts', "import { createApp } from '../api/app.js';\nexport const x = createApp;\n", 'worker/ may import only'],
    ['api/routes/probe.ts', "import { startWorker } from '../../worker/start-worker.js';\nexport const x = startWorker;\n", 'api/ may import only'],
    ['config/probe.ts', "import { QUEUE_NAMES } from '../store/queues.js';\nexport const x = QUEUE_NAMES;\n", 'config/ may import only'],
    ['web/src/study/probe.ts', "import { StudyStore } from '../../../store/study-store.js';\nexport const x = StudyStore;\n", 'web/ may import only'],
    ['search/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'search/ is pure'],
    ['surfaces/probe.ts', "import { Redis } from 'ioredis';\nexport const x = Redis;\n", 'surfaces/ is pure'],
    ['web/src/study/probe.ts', "import { SurfacesPage } from '../surfaces/surfaces-page.js';\nexport const x = SurfacesPage;\n", 'only web/src/surfaces/'],
    ['web/src/app/probe.ts', "import * as tf from '@tensorflow/tfjs';\nexport const x = tf;\n", 'lazily loaded surfaces chunk'],
    ['web/src/shared/probe.ts', "import { StudyView } from '../study/study-view.js';\nexport const x = StudyView;\n", 'imports no feature folder'],
  ])('%s: a reversed import fails', async (file, source, message) => {
    expect((await problems(file, source)).join('\n')).toContain(message);
  });

  it('allows the directions the layers allow, and type-only imports across them', async () => {
    expect(await problems('worker/probe.ts', "import { StudyStore } from '../store/study-store.js';\nexport const x = StudyStore;\n")).toEqual([]);
    expect(await problems('api/probe.ts', "import { runOptimizers } from '../surfaces/run-optimizers.js';\nexport const x = runOptimizers;\n")).toEqual([]);
    expect(await problems('search/probe.ts', "import type { StudyStore } from '../store/study-store.js';\nexport type X = StudyStore;\n")).toEqual([]);
    expect(await problems('web/src/surfaces/probe.ts', "import { runOptimizers } from '../../../surfaces/run-optimizers.js';\nexport const x = runOptimizers;\n")).toEqual([]);
  });
});
