// /api/surfaces: optimizers raced on 2-D loss surfaces, computed server-side for scripts and
// notebooks by the same module the dashboard page runs in the browser (surfaces/). Nothing is stored.
import { Hono } from 'hono';
import { SURFACE_KINDS, SURFACE_OPTIMIZERS } from '../../types/index.js';
import { createSurface, QUADRATIC_DEFAULTS, SURFACE_DEFAULTS } from '../../surfaces/surfaces.js';
import { defaultRace, SURFACE_LIMITS, SURFACE_REQUEST_DEFAULTS, validateSurfaceRequest } from '../../surfaces/request-schema.js';
import { DIVERGENCE_LIMIT, runOptimizersAsync } from '../../surfaces/run-optimizers.js';
import { summarizeIssues } from '../../search/validation/index.js';
import { HttpError } from '../http-error.js';
import { readJsonBody } from '../read-json-body.js';

export function surfacesRoutes(deps: { maxBodyBytes: number }) {
  const app = new Hono();

  /** The catalogue: each surface with its formula, minima and defaults, and the limits of a request. */
  app.get('/', (c) =>
    c.json({
      surfaces: SURFACE_KINDS.map((kind) => ({
        ...createSurface(kind === 'quadratic' ? { kind, ...QUADRATIC_DEFAULTS } : { kind }).info,
        ...(kind === 'quadratic' ? { parameters: { ...QUADRATIC_DEFAULTS } } : {}),
        defaults: { ...SURFACE_DEFAULTS[kind], optimizers: defaultRace(kind) },
      })),
      optimizers: SURFACE_OPTIMIZERS,
      defaults: SURFACE_REQUEST_DEFAULTS,
      limits: SURFACE_LIMITS,
      divergenceLimit: DIVERGENCE_LIMIT,
    }),
  );

  app.post('/', async (c) => {
    const body = await readJsonBody(c, deps.maxBodyBytes);
    const result = validateSurfaceRequest(body);
    if (!result.ok) {
      throw new HttpError(400, 'invalid_request', summarizeIssues(result.issues, 'the surface request is not valid'), result.issues);
    }
    return c.json(await runOptimizersAsync(result.request));
  });

  return app;
}
