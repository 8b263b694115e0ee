// The OpenAPI 3.1 description of the HTTP contract (served at /openapi.json). Keep it in step
// with api/routes/ and the README: users' scripts rely on these names.
const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const studyId = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{12}$' } };
const trialId = { name: 'trialId', in: 'path', required: true, schema: { type: 'string', pattern: '^s\\d{1,2}-t\\d{2,4}$' } };
const writeSecurity = [{ bearer: [] }, {}];

const distribution = {
  oneOf: [
    { type: 'object', required: ['type', 'min', 'max'], properties: { type: { enum: ['log-uniform', 'uniform', 'int', 'log-int'] }, min: { type: 'number' }, max: { type: 'number' } } },
    { type: 'object', required: ['type', 'values'], properties: { type: { const: 'categorical' }, values: { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean'] } } } },
    { type: 'object', required: ['type', 'value'], properties: { type: { const: 'fixed' }, value: { type: ['string', 'number', 'boolean'] } } },
  ],
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Optimizer & hyperparameter-search playground',
    version: '0.1.0',
    description: 'Coarse-to-fine random search over CNN training configurations. Errors are `{ "error": { "code", "message", "details"? } }`. With API_TOKEN set, writes need `Authorization: Bearer <token>`. While Redis is unreachable every route under /api/studies and /api/workers answers 503 with code `redis_unavailable` within about a second (GET /healthz: 503 `{ "ok": false, "redis": "down" }`), and an open event stream gets an `unavailable` event and ends (reconnect with Last-Event-ID). Trial states: queued, running, completed, early-stopped, pruned, diverged, failed, cancelled; a promoted trial carries `promotedFrom: { trialId, stage, epoch }`.',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string' },
              message: { type: 'string' },
              details: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } } } },
            },
          },
        },
      },
      Distribution: distribution,
      StudySpec: {
        type: 'object',
        required: ['name', 'dataset', 'space', 'stages'],
        description: 'Field defaults and limits are listed in the README (StudySpec reference).',
        properties: {
          name: { type: 'string' },
          dataset: { enum: ['mnist', 'fashion-mnist', 'synthetic'] },
          seed: { type: 'integer' },
          model: { type: 'object', properties: { kind: { const: 'lenet' }, filters: { type: 'array', items: { type: 'integer' } }, kernelSize: { type: 'integer' }, padding: { enum: ['valid', 'same'] }, activation: { enum: ['relu', 'tanh'] }, pooling: { enum: ['max', 'avg'] }, dense: { type: 'array', items: { type: 'integer' } }, dropout: { type: 'number' }, l2: { type: 'number' } } },
          space: {
            type: 'object',
            required: ['optimizer', 'learningRate', 'batchSize'],
            additionalProperties: false,
            properties: Object.fromEntries(['optimizer', 'learningRate', 'batchSize', 'l2', 'dropout', 'momentum', 'nesterov', 'rho', 'epsilon', 'beta1', 'beta2'].map((k) => [k, ref('Distribution')])),
          },
          stages: { type: 'array', minItems: 1, items: { type: 'object', required: ['trials', 'epochs'], properties: { trials: { type: 'integer' }, epochs: { type: 'integer' }, keepTop: { type: 'integer' }, promote: { type: 'boolean', default: true, description: 'Not on stages[0]. The kept trials that trained their whole budget continue from their checkpoint up to this stage\'s epochs (in all); false: every trial starts from zero.' } } } },
          earlyStopping: { type: 'object', properties: { enabled: { type: 'boolean' }, monitor: { enum: ['val_loss', 'val_acc'] }, mode: { enum: ['min', 'max'] }, patience: { type: 'integer' }, minDelta: { type: 'number' }, warmup: { type: 'integer' }, baseline: { type: 'number' }, restoreBest: { type: 'boolean' } } },
          objective: { type: 'object', properties: { metric: { enum: ['val_loss', 'val_acc'] }, mode: { enum: ['min', 'max'] } } },
          data: {
            type: 'object',
            additionalProperties: false,
            properties: {
              trainSamples: { type: 'integer', minimum: 1 },
              valSamples: { type: 'integer', minimum: 1 },
              augmentation: {
                type: 'object',
                additionalProperties: false,
                description: 'Random changes to training images only. Default { "shift": 0, "flip": false } (none).',
                properties: {
                  shift: { type: 'integer', minimum: 0, maximum: 4, default: 0, description: 'Largest translation in pixels along x and along y, zero-filled (a random crop of the padded image).' },
                  flip: { type: 'boolean', default: false, description: 'Random horizontal flip, p = 0.5; allowed only for fashion-mnist.' },
                },
              },
            },
          },
          keepWeights: { type: 'boolean', default: false, description: 'Keep every trial\'s per-epoch and final weights (about 4 bytes × parameters × (epochs + 1) per trial), so loss landscapes can be drawn around them.' },
          refine: {
            enum: ['global', 'conditional', 'per-optimizer'],
            default: 'global',
            description: '`global`: later stages narrow one space around the best keepTop trials of any optimizer. `conditional`: only the kept trials\' optimizers go on, each in its own space narrowed around its own kept trials. `per-optimizer`: every stage splits its trials evenly among the optimizers, and each optimizer\'s space narrows around its own best keepTop trials (a fair optimizer race).',
          },
          pruner: {
            description: 'Stops trials that trail their peers at the same epoch, with the reason. Default { "type": "asha", "minEpochs": 1, "reduction": 3, "minPeers": 2 }.',
            oneOf: [
              { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { const: 'none' } } },
              {
                type: 'object',
                required: ['type'],
                additionalProperties: false,
                properties: { type: { const: 'median' }, warmupEpochs: { type: 'integer', minimum: 0, maximum: 200, default: 1 }, minPeers: { type: 'integer', minimum: 0, maximum: 1000, default: 4 } },
              },
              {
                type: 'object',
                required: ['type'],
                additionalProperties: false,
                properties: {
                  type: { const: 'asha' },
                  minEpochs: { type: 'integer', minimum: 1, maximum: 200, default: 1 },
                  reduction: { type: 'integer', minimum: 2, maximum: 10, default: 3 },
                  minPeers: { type: 'integer', minimum: 0, maximum: 1000, default: 2 },
                },
              },
            ],
          },
        },
      },
      SurfaceRequest: {
        type: 'object',
        required: ['surface'],
        additionalProperties: false,
        description: 'An optimizer race on a 2-D surface. Defaults: the surface\'s start point, view box and step count (200; rosenbrock 2000, beale 1000), tolerance 1e-3, no noise, no grid, and all five optimizers with the surface\'s learning rates (GET /api/surfaces lists them).',
        properties: {
          surface: {
            oneOf: [
              { enum: ['quadratic', 'saddle', 'rosenbrock', 'beale', 'himmelblau'] },
              { type: 'object', required: ['kind'], properties: { kind: { const: 'quadratic' }, condition: { type: 'number', minimum: 1, maximum: 1e6, default: 10 }, angle: { type: 'number', minimum: -360, maximum: 360, default: 30, description: 'degrees' } } },
              { type: 'object', required: ['kind'], properties: { kind: { enum: ['saddle', 'rosenbrock', 'beale', 'himmelblau'] } } },
            ],
          },
          noise: { type: ['object', 'null'], properties: { scale: { type: 'number', minimum: 0, maximum: 1000 }, seed: { type: 'integer', minimum: 0, default: 0 } }, description: 'Adds scale·N(0, I) to every gradient (minibatch noise); every optimizer sees the same noise sequence.' },
          start: { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number', minimum: -1000, maximum: 1000 } },
          steps: { type: 'integer', minimum: 1, maximum: 5000 },
          tolerance: { type: 'number', exclusiveMinimum: 0, maximum: 1000, default: 0.001, description: 'A run has converged at the first step where loss − f* < tolerance.' },
          optimizers: {
            type: 'array',
            minItems: 1,
            maxItems: 8,
            items: {
              type: 'object',
              required: ['optimizer'],
              additionalProperties: false,
              description: 'Knobs that do not apply to the optimizer are rejected; missing ones take the product defaults (momentum 0.9; rmsprop rho 0.9, epsilon 1e-8, momentum 0; adam beta1 0.9, beta2 0.999, epsilon 1e-8).',
              properties: {
                optimizer: { enum: ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'] },
                label: { type: 'string', maxLength: 60, description: 'Defaults to the optimizer name; unique within a request.' },
                learningRate: { type: 'number', exclusiveMinimum: 0, maximum: 10 },
                momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
                rho: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
                epsilon: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
                beta1: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
                beta2: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
              },
            },
          },
          view: { type: 'object', properties: { xMin: { type: 'number' }, xMax: { type: 'number' }, yMin: { type: 'number' }, yMax: { type: 'number' } }, description: 'The box the contour grid covers (coordinates in [−1000, 1000]).' },
          grid: { type: 'integer', minimum: 0, maximum: 201, default: 0, description: 'Points per side of a contour grid over the view box (0 = none, else ≥ 2).' },
        },
      },
      SurfaceResult: {
        type: 'object',
        description: 'SurfaceResult (types/index.ts): the resolved request, the surface (formula, minima, minLoss), the tfjs backend, one run per optimizer — label, settings, trajectory [[x, y], …] (entry k after k updates), loss per step, finalLoss, stepsToTolerance (first k with loss − f* < tolerance, or null), diverged and divergedAtStep (non-finite or |loss| > 1e6) — and the contour grid { x, y, values[j][i] } or null.',
      },
      LandscapeRequest: {
        type: 'object',
        additionalProperties: false,
        properties: {
          directions: { enum: ['random', 'pca'], default: 'random', description: '`random`: filter-normalised Gaussian directions (Li et al., 2018). `pca`: the top two principal directions of the projected trials\' per-epoch weights.' },
          grid: { type: 'integer', minimum: 3, maximum: 51, default: 21, description: 'Points per axis; odd, so the trial\'s final weights are the centre point.' },
          span: { type: 'number', exclusiveMinimum: 0, maximum: 1000, description: 'Half-width of each axis in direction units. Default 1 for random directions; for pca, 1.25 × the trajectories\' largest coordinate on each axis.' },
          seed: { type: 'integer', minimum: 0, description: 'Seed of the random directions; default the study seed.' },
          trials: {
            oneOf: [{ type: 'array', maxItems: 16, items: { type: 'string' } }, { const: 'best-per-optimizer' }],
            default: [],
            description: 'Other trials of the study whose per-epoch weights are projected onto the plane (and, for pca, span it).',
          },
        },
      },
      Landscape: {
        type: 'object',
        description: 'LandscapeRecord (types/index.ts): id, trialId, request, state (queued, running, completed, failed), progress { rowsDone, rows }, error, and once completed result: axes { x, y }, loss[j][i] and acc[j][i] on the grid, centre { loss, acc, recordedValLoss, epoch }, trajectories (per trial: points { epoch, x, y, valLoss }, final, finalResidual), explainedVariance (pca), valSamples, parameters, seconds, backend.',
      },
      Study: { type: 'object', description: 'StudyRecord (types/index.ts) plus progress per stage ({ index, trials, epochs, finished, cancelled, running, state: pending|queued|running|completed|cancelled }; cancelled trials are not finished; a cancelled study\'s unfinished stages, never-planned ones too, are cancelled), trialsTotal, trialsFinished and best (so far).' },
      Trial: { type: 'object', description: 'TrialRecord (types/index.ts): config, status, epochsDone, bestEpoch, bestMetric, stopReason, backend, host.' },
      EpochMetrics: {
        type: 'object',
        properties: { epoch: { type: 'integer' }, trainLoss: { type: ['number', 'null'] }, trainAcc: { type: 'number' }, valLoss: { type: ['number', 'null'] }, valAcc: { type: 'number' }, learningRate: { type: 'number' }, seconds: { type: 'number' }, samplesPerSec: { type: 'number' } },
      },
      Best: { type: 'object', description: 'BestSummary: objective, overall best configuration and best per optimizer.' },
    },
  },
  paths: {
    '/api/studies': {
      post: {
        summary: 'Create a study and queue its first stage',
        security: writeSecurity,
        requestBody: { required: true, content: json(ref('StudySpec')) },
        responses: {
          201: { description: 'Created', content: json(ref('Study')) },
          400: errorResponse('Invalid JSON or an invalid StudySpec; details name each field and rule'),
          401: errorResponse('Missing bearer token'),
          413: errorResponse('Body too large'),
          415: errorResponse('Not application/json'),
        },
      },
      get: {
        summary: 'List studies, newest first, with progress and best metric so far',
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } }],
        responses: { 200: { description: 'OK' } },
      },
    },
    '/api/studies/{id}': {
      get: { summary: 'One study', parameters: [studyId], responses: { 200: { description: 'OK', content: json(ref('Study')) }, 404: errorResponse('Unknown study') } },
      delete: { summary: 'Delete a study with every one of its keys and jobs, landscapes included (waits up to 15 s for its running jobs to stop)', security: writeSecurity, parameters: [studyId], responses: { 200: { description: 'Deleted' }, 404: errorResponse('Unknown study') } },
    },
    '/api/studies/{id}/trials': {
      get: { summary: 'Trials: config, status, epochs, best metric, stop reason', parameters: [studyId], responses: { 200: { description: 'OK', content: json({ type: 'object', properties: { trials: { type: 'array', items: ref('Trial') } } }) }, 404: errorResponse('Unknown study') } },
    },
    '/api/studies/{id}/trials/{trialId}/metrics': {
      get: { summary: 'Per-epoch train/val loss and accuracy of one trial', parameters: [studyId, trialId], responses: { 200: { description: 'OK', content: json({ type: 'object', properties: { epochs: { type: 'array', items: ref('EpochMetrics') } } }) }, 404: errorResponse('Unknown study or trial') } },
    },
    '/api/studies/{id}/best': {
      get: { summary: 'Best configurations, overall and per optimizer (final once the study is done)', parameters: [studyId], responses: { 200: { description: 'OK', content: json(ref('Best')) }, 404: errorResponse('Unknown study') } },
    },
    '/api/studies/{id}/export': {
      get: {
        summary: 'The study as rows: one per trial (config, epochs, best and final metrics, test metrics, stop or prune reason, backend, host, seconds), or with epochs=1 one per trial and epoch',
        parameters: [
          studyId,
          { name: 'format', in: 'query', schema: { enum: ['csv', 'json'], default: 'csv' }, description: 'csv: RFC 4180 with a header row and CRLF line ends; json: { studyId, name, rows }' },
          { name: 'epochs', in: 'query', schema: { enum: ['0', '1'], default: '0' } },
        ],
        responses: { 200: { description: 'A download (Content-Disposition: attachment)', content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object' } } } }, 400: errorResponse('format or epochs is not one of its values'), 404: errorResponse('Unknown study') },
      },
    },
    '/api/studies/{id}/events': {
      get: {
        summary: 'Server-Sent Events: the study stream (study-state, stage-started, trial-started, epoch, trial-finished, stage-finished, study-finished). SSE ids are stream ids; Last-Event-ID (header) or ?lastEventId= resumes after one.',
        parameters: [studyId, { name: 'Last-Event-ID', in: 'header', schema: { type: 'string' } }, { name: 'lastEventId', in: 'query', schema: { type: 'string' } }],
        responses: { 200: { description: 'text/event-stream' }, 404: errorResponse('Unknown study'), 429: errorResponse('Too many open streams') },
      },
    },
    '/api/studies/{id}/cancel': {
      post: { summary: 'Cancel: the study and its unfinished stages turn cancelled, queued trials are removed and cancelled, running ones stop between batches and end cancelled, finished results stay', security: writeSecurity, parameters: [studyId], responses: { 202: { description: 'Cancelling', content: json(ref('Study')) }, 404: errorResponse('Unknown study') } },
    },
    '/api/studies/{id}/trials/{trialId}/landscape': {
      post: {
        summary: 'Queue a loss landscape around a finished trial\'s final weights (the study must have keepWeights: true); poll the Location for progress and result',
        security: writeSecurity,
        parameters: [studyId, trialId],
        requestBody: { required: true, content: json(ref('LandscapeRequest')) },
        responses: {
          202: { description: 'Queued (Location: /api/studies/{id}/landscapes/{landscapeId})', content: json(ref('Landscape')) },
          400: errorResponse('Invalid request; details name each field and rule'),
          404: errorResponse('Unknown study or trial'),
          409: errorResponse('The trial is not completed/early-stopped/pruned, its weights were not kept, or pca lacks epochs'),
        },
      },
    },
    '/api/studies/{id}/landscapes': {
      get: { summary: 'A study\'s landscapes (without their results)', parameters: [studyId], responses: { 200: { description: 'OK' }, 404: errorResponse('Unknown study') } },
    },
    '/api/studies/{id}/landscapes/{landscapeId}': {
      get: {
        summary: 'One landscape: state, progress (grid rows done of rows) and, once completed, the result',
        parameters: [studyId, { name: 'landscapeId', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{12}$' } }],
        responses: { 200: { description: 'OK', content: json(ref('Landscape')) }, 404: errorResponse('Unknown study or landscape') },
      },
    },
    '/api/surfaces': {
      get: { summary: 'The 2-D surfaces (formula, minima, defaults per surface), the optimizers and the request limits', responses: { 200: { description: 'OK' } } },
      post: {
        summary: 'Race SGD, momentum, Nesterov, RMSProp and Adam (the product\'s tfjs optimizers) on a 2-D surface from one start; nothing is stored',
        security: writeSecurity,
        requestBody: { required: true, content: json(ref('SurfaceRequest')) },
        responses: {
          200: { description: 'OK', content: json(ref('SurfaceResult')) },
          400: errorResponse('Invalid JSON or request; details name each field and rule'),
          413: errorResponse('Body too large'),
          415: errorResponse('Not application/json'),
        },
      },
    },
    '/api/workers': { get: { summary: 'Workers seen in the last minute: host, backend, current trial, last heartbeat', responses: { 200: { description: 'OK' } } } },
    '/healthz': { get: { summary: 'Health: Redis reachable', responses: { 200: { description: 'OK' }, 503: { description: 'Redis down' } } } },
    '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OK' } } } },
  },
} as const;
