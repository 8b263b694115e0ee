// GET /api/studies/:id/events — the study's Redis Stream as Server-Sent Events. Each SSE `id` is
// the stream id, so a reconnecting EventSource (which sends Last-Event-ID) resumes without gaps
// or repeats. History comes first (from the start, or after Last-Event-ID / ?lastEventId=), then
// live events via XREAD BLOCK on a connection of the stream's own. The stream ends after the
// study's `study-finished` event.
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { StudyStore } from '../../store/study-store.js';
import { STUDY_ID_PATTERN } from '../../store/keys.js';
import { HttpError, notFound } from '../http-error.js';
import { isTerminalStudyState } from '../../types/index.js';

const STREAM_ID = /^(0|\d{1,20}-\d{1,20})$/;
const BLOCK_MS = 10_000;


export interface EventsRouteDeps {
  store: StudyStore;
  /** The 503 an error stands for when it came from a lost Redis connection, else null (api/redis-gate.ts). */
  asUnavailable: (err: unknown) => HttpError | null;
  maxSseStreams: number;
}

export function eventsRoutes({ store, asUnavailable, maxSseStreams }: EventsRouteDeps) {
  const app = new Hono();
  let open = 0;

  app.get('/:id/events', async (c) => {
    const id = c.req.param('id');
    const study = STUDY_ID_PATTERN.test(id) ? await store.getStudy(id) : null;
    if (!study) throw notFound(`study ${JSON.stringify(id.slice(0, 64))}`);
    const from = c.req.header('last-event-id') ?? c.req.query('lastEventId') ?? '0';
    if (!STREAM_ID.test(from)) throw new HttpError(400, 'invalid_last_event_id', `Last-Event-ID must be a stream id like 1700000000000-0 (got ${JSON.stringify(from.slice(0, 64))})`);
    if (open >= maxSseStreams) throw new HttpError(429, 'too_many_streams', `at most ${maxSseStreams} event streams may be open at once (MAX_SSE_STREAMS)`);

    open++;
    // XREAD BLOCK outlives the API's command timeout: the tail has a connection of its own with a longer one.
    const tail = store.events.tail(id, BLOCK_MS);
    let aborted = false;
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => {
        aborted = true;
        tail.close();
      });
      try {
        let last = from;
        let finished = false;
        await stream.writeSSE({ event: 'hello', data: JSON.stringify({ studyId: id, from }), retry: 2000 });
        while (!aborted && !finished) {
          const events = await tail.next(last, BLOCK_MS).catch((err: unknown) => {
            if (aborted) return [];
            throw err;
          });
          for (const e of events) {
            await stream.writeSSE({ id: e.id, event: e.event.type, data: JSON.stringify(e.event) });
            last = e.id;
            if (e.event.type === 'study-finished') finished = true;
          }
          if (events.length === 0 && !aborted) {
            const current = await store.getStudy(id);
            // Deleted, or finished with nothing left to send: end instead of idling forever.
            if (!current || (isTerminalStudyState(current.state) && (await store.events.readEvents(id, last, 1)).length === 0)) break;
            await stream.writeSSE({ event: 'ping', data: '{}' });
          }
        }
      } catch (err) {
        // Redis went away mid-stream: say so, and end; the client reconnects with Last-Event-ID
        // (getting 503 until Redis is back) and resumes without a gap.
        // Anything else is a bug, and is not dressed up as an outage.
        const unavailable = asUnavailable(err);
        if (!unavailable) throw err;
        await stream.writeSSE({ event: 'unavailable', data: JSON.stringify({ message: unavailable.message }) }).catch(() => {});
      } finally {
        open--;
        tail.close();
      }
    });
  });

  return app;
}
