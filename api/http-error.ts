// The API's one error type. Handlers throw it; the single `onError` in api/app.ts renders it as
// `{ "error": { "code", "message", "details"? } }`. Anything else thrown becomes a 500 whose body
// carries no stack trace.
import type { ErrorBody, FieldIssue } from '../types/index.js';

export type HttpErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: HttpErrorStatus,
    readonly code: string,
    message: string,
    readonly details?: FieldIssue[] | Record<string, unknown>,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
