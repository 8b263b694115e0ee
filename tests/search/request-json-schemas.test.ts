// The request schemas the pure core exports for documentation: the OpenAPI document is generated
// from them with zod 4's z.toJSONSchema, so each must convert (refinements and defaults included).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { studySpecSchema, validateStudySpec } from '../../search/spec-schema.js';
import { landscapeRequestSchema } from '../../search/landscape-request.js';
import { surfaceRequestSchema } from '../../surfaces/request-schema.js';
import { designExampleSpec, tinyStudySpec } from '../helpers/specs.js';

const toJsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { type?: string; properties?: Record<string, unknown>; required?: string[] };

describe('the request schemas convert to JSON Schema', () => {
  it.each([
    ['studySpecSchema', studySpecSchema, ['name', 'dataset', 'space', 'stages', 'pruner']],
    ['surfaceRequestSchema', surfaceRequestSchema, ['surface', 'optimizers', 'grid']],
    ['landscapeRequestSchema', landscapeRequestSchema, ['directions', 'grid', 'trials']],
  ] as const)('%s', (_name, schema, fields) => {
    const json = toJsonSchema(schema);
    expect(json.type).toBe('object');
    expect(Object.keys(json.properties ?? {})).toEqual(expect.arrayContaining([...fields]));
  });

  it('studySpecSchema requires what the validator requires and accepts the specs it accepts', () => {
    expect(toJsonSchema(studySpecSchema).required).toEqual(['name', 'dataset', 'space', 'stages']);
    for (const spec of [designExampleSpec, tinyStudySpec()]) {
      expect(validateStudySpec(spec).ok).toBe(true);
      expect(studySpecSchema.safeParse(spec).success).toBe(true);
    }
  });
});
