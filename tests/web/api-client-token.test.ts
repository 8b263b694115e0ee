// The dashboard's API client against a server run with API_TOKEN (the real app on its own Redis,
// no worker): reads never carry or ask for the token; a refused write asks once, keeps the answer
// and is sent again; writes refused at the same time share one question; giving no token leaves the
// write refused; a token the server turns down is asked for again, saying so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ApiError, type TokenRequestReason } from '../../web/src/shared/api-client.js';
import { tinyStudySpec } from '../helpers/specs.js';
import { startDashboardServer, type DashboardServer } from './dashboard-harness.js';

const TOKEN = 'the-right-token';
let srv: DashboardServer;

beforeAll(async () => {
  srv = await startDashboardServer({ worker: false, apiToken: TOKEN });
}, 60_000);

afterAll(async () => {
  await srv?.close();
});

/** A client whose token questions are answered from `answers` and recorded, with every request's Authorization header. */
function client(answers: Array<string | null>) {
  const asked: TokenRequestReason[] = [];
  const sent: Array<{ method: string; path: string; authorization: string | null }> = [];
  const api = new ApiClient({
    baseUrl: srv.baseUrl,
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      sent.push({ method: init?.method ?? 'GET', path: new URL(String(input)).pathname, authorization: headers.get('authorization') });
      return fetch(input, init);
    },
    askForToken: async (reason) => {
      asked.push(reason);
      await new Promise((r) => setTimeout(r, 20));
      return answers.shift() ?? null;
    },
  });
  return { api, asked, sent };
}

describe('the API client with API_TOKEN set', () => {
  it('reads without a token and asks for one once, on the first write, then keeps it', async () => {
    const { api, asked, sent } = client([TOKEN]);
    expect((await api.listStudies()).studies).toEqual([]);
    const created = await api.createStudy(tinyStudySpec());
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    await api.getStudy(created.study.id);
    await api.cancelStudy(created.study.id);
    await api.deleteStudy(created.study.id);
    expect(asked).toEqual(['missing']);
    expect(sent.map((s) => `${s.method} ${s.authorization ?? '-'}`)).toEqual([
      'GET -',
      'POST -',
      `POST Bearer ${TOKEN}`,
      'GET -',
      `POST Bearer ${TOKEN}`,
      `DELETE Bearer ${TOKEN}`,
    ]);
  });

  it('asks once for writes refused at the same time', async () => {
    const { api, asked } = client([TOKEN]);
    const results = await Promise.all([api.createStudy(tinyStudySpec({ name: 'a' })), api.createStudy(tinyStudySpec({ name: 'b' }))]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(asked).toEqual(['missing']);
  });

  it('leaves the write refused when no token is given', async () => {
    const { api } = client([null]);
    const result = await api.createStudy(tinyStudySpec());
    expect(result).toMatchObject({ ok: false, status: 401, code: 'unauthorized' });
    await expect(api.cancelStudy('abcdefabcdef')).rejects.toBeInstanceOf(ApiError);
  });

  it('asks again, saying the token was turned down, when the kept token is wrong', async () => {
    const { api, asked } = client([TOKEN]);
    api.token = 'a-stale-token';
    expect((await api.createStudy(tinyStudySpec())).ok).toBe(true);
    expect(asked).toEqual(['rejected']);
    expect(api.token).toBe(TOKEN);
  });
});
