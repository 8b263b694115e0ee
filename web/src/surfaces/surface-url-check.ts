// Reading a hand-edited or shared surfaces URL without losing the race to one bad value: every
// parameter is tried in turn on top of the ones already accepted, and one the page cannot read (not
// a number, an unknown surface or setting) or that the server's own validator refuses
// (`adam.lr=-3`) is left out, so the rest of the setup still races. Each one left out is reported
// with its reason, in the validator's words, for the page's notice. Pure: no DOM, so the Node tests
// drive it. (surface-url-state.ts keeps parsing a query as it is written; this is the page's
// reading of it.)
import type { SurfaceOptimizerName } from '../../../types/index.js';
import { SURFACE_KINDS, SURFACE_OPTIMIZERS } from '../../../types/index.js';
import { validateSurfaceRequest } from '../../../surfaces/request-schema.js';
import { SURFACE_OPTIMIZER_LABELS } from '../shared/format.js';
import { DEFAULT_SURFACE, PAGE_KNOBS, URL_KEYS, optimizerKey, parseSurfaceQuery, toSurfaceRequest, type SurfacePageState } from './surface-url-state.js';

/** A URL parameter the page left out, and why. */
export interface IgnoredParam {
  key: string;
  value: string;
  reason: string;
}

export interface SurfaceQueryReading {
  state: SurfacePageState;
  ignored: IgnoredParam[];
}

/** Keys whose value is one number. */
const NUMBER_KEYS: ReadonlySet<string> = new Set([
  ...Object.values(URL_KEYS).filter((k) => k !== URL_KEYS.surface && k !== URL_KEYS.off),
  ...SURFACE_OPTIMIZERS.flatMap((o) => [optimizerKey(o, 'lr'), ...PAGE_KNOBS[o].map((k) => optimizerKey(o, k))]),
]);

/**
 * A validator message with the race's runs named as the page names them: the validator counts the
 * enabled optimizers (`optimizers[1].learningRate`), the page says "Adam learningRate".
 */
export function nameRuns(message: string, state: SurfacePageState): string {
  const raced: SurfaceOptimizerName[] = SURFACE_OPTIMIZERS.filter((o) => state.optimizers[o].enabled);
  return message.replace(/optimizers\[(\d+)\]\.?/g, (m, i: string) => {
    const o = raced[Number(i)];
    return o ? `${SURFACE_OPTIMIZER_LABELS[o]} ` : m;
  });
}

/** Why the validator refuses `state`, in the page's words, or null when it accepts it. */
function refusal(state: SurfacePageState): string | null {
  const checked = validateSurfaceRequest(toSurfaceRequest(state));
  return checked.ok ? null : checked.issues.map((i) => nameRuns(i.message, state)).join('; ');
}

/** The page's reading of a query string: what it can race, and what it left out and why. */
export function readSurfaceQuery(search: string): SurfaceQueryReading {
  const ignored: IgnoredParam[] = [];
  const accepted = new URLSearchParams();
  const seen = new Set<string>();
  // The surface first, so every other value is checked against the surface it belongs to.
  const entries = [...new URLSearchParams(search)].sort(([a], [b]) => Number(b === URL_KEYS.surface) - Number(a === URL_KEYS.surface));
  for (const [key, value] of entries) {
    if (seen.has(key)) continue;
    seen.add(key);
    if (key === URL_KEYS.surface) {
      if ((SURFACE_KINDS as readonly string[]).includes(value)) accepted.set(key, value);
      else ignored.push({ key, value, reason: `there is no surface "${value}" (there are ${SURFACE_KINDS.join(', ')}); showing the ${DEFAULT_SURFACE} one` });
      continue;
    }
    if (key !== URL_KEYS.off && !NUMBER_KEYS.has(key)) {
      ignored.push({ key, value, reason: 'not a setting of this page' });
      continue;
    }
    if (NUMBER_KEYS.has(key) && (value.trim() === '' || !Number.isFinite(Number(value)))) {
      ignored.push({ key, value, reason: 'not a number' });
      continue;
    }
    const trial = new URLSearchParams(accepted);
    trial.set(key, value);
    const why = refusal(parseSurfaceQuery(`?${trial.toString()}`));
    if (why) ignored.push({ key, value, reason: why });
    else accepted.set(key, value);
  }
  return { state: parseSurfaceQuery(`?${accepted.toString()}`), ignored };
}
