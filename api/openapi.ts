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
    description: 'Coarse-to-fine random search over CNN training configurations. Errors are `{ "error": { "code", "message", "details"? } }`. With API_TOKEN set, writes need `Authorization: Bearer <token>`.',
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
          stages: { type: 'array', minItems: 1, items: { type: 'object', required: ['trials', 'epochs'], properties: { trials: { type: 'integer' }, epochs: { type: 'integer' }, keepTop: { type: 'integer' } } } },
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
        },
      },
      Study: { type: 'object', description: 'StudyRecord (types/index.ts) plus progress per stage, trialsTotal, trialsFinished and best (so far).' },
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
      delete: { summary: 'Delete a study, its jobs and all its data', security: writeSecurity, parameters: [studyId], responses: { 200: { description: 'Deleted' }, 404: errorResponse('Unknown study') } },
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
    '/api/studies/{id}/events': {
      get: {
        summary: 'Server-Sent Events: the study stream (study-state, stage-started, trial-started, epoch, trial-finished, stage-finished, study-finished). SSE ids are stream ids; Last-Event-ID (header) or ?lastEventId= resumes after one.',
        parameters: [studyId, { name: 'Last-Event-ID', in: 'header', schema: { type: 'string' } }, { name: 'lastEventId', in: 'query', schema: { type: 'string' } }],
        responses: { 200: { description: 'text/event-stream' }, 404: errorResponse('Unknown study'), 429: errorResponse('Too many open streams') },
      },
    },
    '/api/studies/{id}/cancel': {
      post: { summary: 'Cancel: queued trials are removed, running ones stop between batches, finished results stay', security: writeSecurity, parameters: [studyId], responses: { 202: { description: 'Cancelling', content: json(ref('Study')) }, 404: errorResponse('Unknown study') } },
    },
    '/api/workers': { get: { summary: 'Workers seen in the last minute: host, backend, current trial, last heartbeat', responses: { 200: { description: 'OK' } } } },
    '/healthz': { get: { summary: 'Health: Redis reachable', responses: { 200: { description: 'OK' }, 503: { description: 'Redis down' } } } },
    '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OK' } } } },
  },
} as const;
