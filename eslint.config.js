// Lint: typescript-eslint's recommended rules, zero warnings allowed (`npm run lint`), and the
// layers: which folder may import which (README, "How the code is laid out"). A reversed import
// fails the build. `import type` is allowed across layers: it is erased at build time.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A folder of the tree, as a regex over an import path that reaches into it from elsewhere (`../store/x.js`). */
const folder = (name) => `^(\\.\\./)+${name}/`;
const NODE_AND_IO = ['^node:', '^(bullmq|ioredis|hono|@hono/.*)$'];

/**
 * The layers, lowest first. Each may import the ones listed in its `may`, nothing else of the
 * project's top-level folders; `pure` layers may not import node: modules or I/O packages either.
 */
const TOP_LEVEL = ['types', 'search', 'optimizers', 'surfaces', 'config', 'runtime', 'store', 'worker', 'api', 'main', 'cli', 'web', 'bench', 'tests'];
const LAYERS = [
  { dir: 'types', may: [], pure: true },
  { dir: 'search', may: ['types'], pure: true },
  { dir: 'optimizers', may: ['types', 'search'], pure: true },
  { dir: 'surfaces', may: ['types', 'search', 'optimizers'], pure: true },
  { dir: 'config', may: ['types', 'search'] },
  { dir: 'runtime', may: ['types'] },
  { dir: 'store', may: ['types', 'search', 'config', 'runtime'] },
  { dir: 'worker', may: ['types', 'search', 'optimizers', 'config', 'runtime', 'store'] },
  { dir: 'api', may: ['types', 'search', 'surfaces', 'config', 'runtime', 'store'] },
  { dir: 'main', may: ['types', 'search', 'config', 'runtime', 'store', 'worker', 'api'] },
  { dir: 'cli', may: ['types', 'search', 'web'] },
  { dir: 'web', files: 'web/src', may: ['types', 'search', 'surfaces', 'optimizers'], pure: true },
];

function layerPatterns({ dir, may, pure }) {
  return [
    ...TOP_LEVEL.filter((d) => d !== dir && !may.includes(d)).map((d) => ({
      regex: folder(d),
      allowTypeImports: true,
      message: `${dir}/ may import only ${may.length ? may.map((m) => `${m}/`).join(', ') : 'nothing of the project'} (eslint.config.js, LAYERS)`,
    })),
    ...(pure ? NODE_AND_IO.map((regex) => ({ regex, message: `${dir}/ is pure: no node: modules, no Redis, queue or HTTP packages` })) : []),
  ];
}

const restrict = (files, patterns) => ({ files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] } });

const layerRules = LAYERS.map((layer) => restrict([`${layer.files ?? layer.dir}/**/*.ts`], layerPatterns(layer)));

/**
 * Inside web/src, by feature: only surfaces/ (the lazily loaded page, the chunk that brings tfjs)
 * imports the surfaces code, the optimizers or tfjs statically; the app loads it with import().
 * shared/ imports no feature. (A later config replaces the rule's patterns, so the layer's come too.)
 */
const WEB = LAYERS.find((l) => l.dir === 'web');
const NO_TFJS = [
  { regex: '^(\\.\\./)+(surfaces|optimizers)/', allowTypeImports: true, message: 'only web/src/surfaces/ (the lazily loaded page) imports the surfaces code statically; load it with import()' },
  { regex: '^@tensorflow/', allowTypeImports: true, message: 'tfjs belongs to the lazily loaded surfaces chunk (web/src/surfaces/)' },
];
const webRules = [
  restrict(['web/src/{app,study,landscape,compare,bench}/**/*.ts'], [...layerPatterns(WEB), ...NO_TFJS]),
  restrict(['web/src/shared/**/*.ts'], [...layerPatterns(WEB), ...NO_TFJS, { regex: '^\\.\\./(app|study|landscape|compare|surfaces|bench)/', allowTypeImports: true, message: 'web/src/shared/ imports no feature folder' }]),
];

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'dist/', '.data/', '.scratch/', 'scratch/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', window: 'readonly', fetch: 'readonly', customElements: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', NodeJS: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...layerRules,
  ...webRules,
);
