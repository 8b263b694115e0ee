// Optimizers on 2-D loss surfaces: the surfaces (f and ∇f), the request validator with its
// defaults, and the race itself. Browser-safe: imports @tensorflow/tfjs, zod and the project's
// pure modules only, so the dashboard page computes exactly what POST /api/surfaces returns.
export { createSurface, quadraticMatrix, QUADRATIC_DEFAULTS, SURFACE_DEFAULTS, type Point, type Surface, type SurfaceDefaults } from './surfaces.js';
export { defaultRace, resolveSurfaceOptimizer, SURFACE_LIMITS, SURFACE_REQUEST_DEFAULTS, validateSurfaceRequest, type SurfaceValidation } from './request-schema.js';
export { contourGrid, DIVERGENCE_LIMIT, runOptimizers, runOptimizersAsync, toTrialConfig } from './run-optimizers.js';
export { NOISE_REPEAT_LIMITS, noiseSeedRequests, summarizeNoiseSpread, type NoiseSpread } from './noise-repeats.js';
