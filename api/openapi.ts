// The OpenAPI 3.1 description of the HTTP contract (served at /openapi.json): its paths and words.
// The schemas come from api/openapi-schemas.ts (request bodies generated from the validators' zod
// schemas; responses checked against the routes by tests/api/openapi.test.ts).
import { REQUEST_SCHEMAS, RESPONSE_SCHEMAS } from './openapi-schemas.js';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });
const studyId = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{12}$' } };
const trialId = { name: 'trialId', in: 'path', required: true, schema: { type: 'string', pattern: '^s\\d{1,2}-t\\d{2,4}$' } };
const writeSecurity = [{ bearer: [] }, {}];

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Optimizer & hyperparameter-search playground',
    version: '0.1.0',
    description: 'Coarse-to-fine random search over CNN training configurations. Errors are `{ "error": { "code", "message", "details"? } }`. With API_TOKEN set, writes need `Authorization: Bearer <token>`. While Redis is unreachable every route under /api/studies and /api/workers answers 503 with code `redis_unavailable` within about a second (GET /healthz: 503 `{ "ok": false, "redis": "down" }`), and an open event stream gets an `unavailable` event and ends (reconnect with Last-Event-ID). Trial states: queued, running, completed, early-stopped, pruned, diverged, failed, cancelled; a promoted trial carries `promotedFrom: { trialId, stage, epoch }`.',
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: { ...REQUEST_SCHEMAS, ...RESPONSE_SCHEMAS },
  },
  paths: {
    '/api/studies': {
      post: {
        summary: 'Create a study and queue its first stage (with ?dryRun=1: validate it and say what it can cost, writing nothing)',
        security: writeSecurity,
        parameters: [{ name: 'dryRun', in: 'query', schema: { enum: ['0', '1'], default: '0' } }],
        requestBody: { required: true, content: json(ref('StudySpec')) },
        responses: {
          200: { description: 'dryRun=1: the spec with defaults filled in, its cost and a time estimate', content: json(ref('DryRun')) },
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
        responses: { 200: { description: 'OK', content: json(ref('StudyList')) } },
      },
    },
    '/api/studies/{id}': {
      get: { summary: 'One study', parameters: [studyId], responses: { 200: { description: 'OK', content: json(ref('Study')) }, 404: errorResponse('Unknown study') } },
      delete: { summary: 'Delete a study with every one of its keys and jobs, landscapes included (waits up to 15 s for its running jobs to stop)', security: writeSecurity, parameters: [studyId], responses: { 200: { description: 'Deleted', content: json(ref('Deleted')) }, 404: errorResponse('Unknown study') } },
    },
    '/api/studies/{id}/trials': {
      get: { summary: 'Trials: config, status, epochs, best metric, stop reason', parameters: [studyId], responses: { 200: { description: 'OK', content: json(ref('TrialList')) }, 404: errorResponse('Unknown study') } },
    },
    '/api/studies/{id}/trials/{trialId}/metrics': {
      get: { summary: 'Per-epoch train/val loss and accuracy of one trial', parameters: [studyId, trialId], responses: { 200: { description: 'OK', content: json(ref('TrialMetrics')) }, 404: errorResponse('Unknown study or trial') } },
    },
    '/api/studies/{id}/best': {
      get: { summary: 'Best configurations, overall and per optimizer (final once the study is done)', parameters: [studyId], responses: { 200: { description: 'OK', content: json(ref('BestResponse')) }, 404: errorResponse('Unknown study') } },
    },
    '/api/studies/{id}/comparison': {
      get: {
        summary: "The optimizer race's verdict: each optimizer's best configuration of the last stage (the confirm stage's fresh seeds when there is one) as mean ± 95 % t-interval over its repeats, and per pair the paired difference over the shared seeds with a verdict in words",
        parameters: [studyId],
        responses: { 200: { description: 'OK (before any result: no optimizers and no pairs)', content: json(ref('Comparison')) }, 404: errorResponse('Unknown study') },
      },
    },
    '/api/studies/{id}/importance': {
      get: {
        summary: "Hyperparameter importance: which dimensions explain the objective across one stage's finished trials (functional ANOVA on a random forest), in numbers and in a sentence",
        parameters: [studyId, { name: 'stage', in: 'query', schema: { type: 'integer', minimum: 0, default: 0 }, description: '0-based stage index; the first stage samples the whole space at one budget' }],
        responses: { 200: { description: 'OK (with fewer than minTrials trials: status too-few-trials and no numbers)', content: json(ref('Importance')) }, 400: errorResponse('stage is not a stage of the study'), 404: errorResponse('Unknown study') },
      },
    },
    '/api/studies/{id}/export': {
      get: {
        summary: 'The study as rows: one per trial (config, epochs, best and final metrics, test metrics, stop or prune reason, backend, host, seconds), or with epochs=1 one per trial and epoch',
        parameters: [
          studyId,
          { name: 'format', in: 'query', schema: { enum: ['csv', 'json'], default: 'csv' }, description: 'csv: RFC 4180 with a header row and CRLF line ends; json: { studyId, name, rows }' },
          { name: 'epochs', in: 'query', schema: { enum: ['0', '1'], default: '0' } },
        ],
        responses: { 200: { description: 'A download (Content-Disposition: attachment)', content: { 'text/csv': { schema: { type: 'string' } }, 'application/json': { schema: ref('Export') } } }, 400: errorResponse('format or epochs is not one of its values'), 404: errorResponse('Unknown study') },
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
      get: { summary: 'A study\'s landscapes (without their results)', parameters: [studyId], responses: { 200: { description: 'OK', content: json(ref('LandscapeList')) }, 404: errorResponse('Unknown study') } },
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
    '/api/workers': { get: { summary: 'Workers seen in the last minute: host, backend, current trial, last heartbeat', responses: { 200: { description: 'OK', content: json(ref('WorkerList')) } } } },
    '/healthz': { get: { summary: 'Health: Redis reachable', responses: { 200: { description: 'OK', content: json(ref('Health')) }, 503: { description: 'Redis down', content: json(ref('Health')) } } } },
    '/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OK' } } } },
    '/api/docs': { get: { summary: 'This document as a page to read (HTML)', responses: { 200: { description: 'OK', content: { 'text/html': { schema: { type: 'string' } } } } } } },
  },
} as const;
