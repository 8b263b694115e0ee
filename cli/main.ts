// The command line (`npx optimizer-playground …`, package.json `bin`): studies and workers through
// the HTTP API, for scripts and terminals. It talks to --url (default $OPT_URL or
// http://127.0.0.1:8787) with $API_TOKEN for writes, and exits 1 with the API's own message on an
// error, 2 on a usage mistake.
import { readFileSync } from 'node:fs';
import { ApiClient, ApiError } from '../web/src/shared/api-client.js';
import { ResumableSseClient } from '../web/src/shared/sse-client.js';
import { StudyModel } from '../web/src/study/study-model.js';
import type { StudyEvent } from '../types/index.js';
import { eventLine, followScreen } from './follow-view.js';

const USAGE = `usage: optimizer-playground [--url URL] <command>

  study create SPEC.json [--follow]   create a study (SPEC.json, or - for standard input)
  study list                          studies, newest first
  study show ID                       one study: state, stages, best configuration
  study follow ID                     live: stage progress, running trials, stops and prunes with reasons
  study cancel ID                     cancel a study (finished results stay)
  study export ID [--format csv|json] [--epochs]
                                      one row per trial (or per trial and epoch) to standard output
  workers                             the workers heard from: host, backend, current trial

Options: --url (default $OPT_URL or http://127.0.0.1:8787); writes send $API_TOKEN when it is set.`;

class UsageError extends Error {}

interface Parsed {
  url: string;
  words: string[];
  flags: Map<string, string | true>;
}

function parse(argv: readonly string[]): Parsed {
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--url' || a === '--format') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      flags.set(a.slice(2), v);
    } else if (a.startsWith('--')) flags.set(a.slice(2), true);
    else words.push(a);
  }
  const url = (flags.get('url') as string | undefined) ?? process.env.OPT_URL ?? 'http://127.0.0.1:8787';
  return { url: url.replace(/\/$/, ''), words, flags };
}

const out = (line: string) => process.stdout.write(`${line}\n`);

async function follow(api: ApiClient, id: string): Promise<string> {
  const model = new StudyModel();
  model.reset(await api.getStudy(id), await api.listTrials(id));
  const tty = process.stdout.isTTY === true;
  const recent: string[] = [];
  const draw = () => process.stdout.write(`\x1b[H\x1b[2J${followScreen(model, recent)}\n`);
  let timer: NodeJS.Timeout | null = null;
  const sse = new ResumableSseClient({
    url: (last) => `${api.eventsUrl(id, last)}`,
    isFinal: (m) => m.event === 'study-finished',
    onMessage: (m) => {
      if (m.id === null) return;
      const event = JSON.parse(m.data) as StudyEvent;
      model.apply(event);
      const line = eventLine(event);
      if (line) {
        if (tty) recent.push(line);
        else out(line);
      }
      if (tty && !timer) timer = setTimeout(() => ((timer = null), draw()), 200);
    },
    onState: (state, detail) => {
      if (state === 'reconnecting' && detail) (tty ? recent : { push: (l: string) => out(l) }).push(`(connection lost: ${detail}; reconnecting)`);
    },
  });
  if (tty) draw();
  await sse.start();
  if (timer) clearTimeout(timer);
  if (tty) draw();
  return model.state;
}

async function run(argv: readonly string[]): Promise<number> {
  const { url, words, flags } = parse(argv);
  const api = new ApiClient({ baseUrl: url, token: process.env.API_TOKEN || null });
  const [group, verb, arg] = words;
  if (group === 'workers' && words.length === 1) {
    const workers = await api.listWorkers();
    if (workers.length === 0) out('no worker heard from in the last minute');
    for (const w of workers) {
      const trials = w.trials ?? (w.currentTrial ? [w.currentTrial] : []);
      const training = trials.length ? trials.map((t) => `${t.studyId}/${t.trialId} in epoch ${t.epoch + 1}`).join(', ') : 'idle';
      out(`${w.id}  ${w.backend}  ${w.concurrency} slot(s)${w.threads === 'threads' ? ' in threads' : ''}  ${training}  ${w.samplesPerSec ? `${Math.round(w.samplesPerSec)} images/s` : ''}  heard ${Math.round(w.lastHeartbeatMs / 1000)} s ago`);
    }
    return 0;
  }
  if (group !== 'study' || !verb) throw new UsageError('unknown command');
  const needId = () => {
    if (!arg) throw new UsageError(`study ${verb} needs a study id`);
    return arg;
  };
  switch (verb) {
    case 'list': {
      const { studies, total } = await api.listStudies();
      for (const s of studies) out(`${s.id}  ${s.state.padEnd(9)}  ${s.trialsFinished}/${s.trialsTotal} trials  ${s.name}`);
      out(`${total} stud${total === 1 ? 'y' : 'ies'}`);
      return 0;
    }
    case 'show': {
      const s = await api.getStudy(needId());
      out(`${s.id}  ${s.spec.name}  ${s.state}  (${s.spec.dataset}, ranked by ${s.spec.objective.metric})`);
      for (const p of s.progress) out(`  stage ${p.index + 1}: ${p.finished} of ${p.trials} done${p.cancelled ? `, ${p.cancelled} cancelled` : ''}${p.running ? `, ${p.running} running` : ''} · ${p.epochs} epochs · ${p.state}`);
      const b = s.best?.overall;
      out(b ? `  best: ${b.trialId} ${b.config.optimizer} lr ${b.config.learningRate.toExponential(2)} batch ${b.config.batchSize} · ${s.spec.objective.metric} ${b.metric?.toFixed(4) ?? '—'}${b.test ? ` · test acc ${b.test.acc.toFixed(4)} (held out)` : ''}` : '  best: —');
      if (s.error) out(`  error: ${s.error}`);
      return 0;
    }
    case 'create': {
      const file = needId();
      const text = file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
      let spec: unknown;
      try {
        spec = JSON.parse(text);
      } catch (err) {
        throw new ApiError(400, 'invalid_json', `${file} is not valid JSON: ${(err as Error).message}`, []);
      }
      const r = await api.createStudy(spec);
      if (!r.ok) throw new ApiError(r.status, r.code, [r.message, ...r.issues.map((i) => `  ${i.path}: ${i.message}`)].join('\n'), r.issues);
      out(`created ${r.study.id} (${r.study.spec.name}): ${r.study.spec.stages.length} stage(s)`);
      if (flags.has('follow')) return (await follow(api, r.study.id)) === 'completed' ? 0 : 1;
      return 0;
    }
    case 'follow':
      return (await follow(api, needId())) === 'completed' ? 0 : 1;
    case 'cancel': {
      const s = await api.cancelStudy(needId());
      out(`${s.id} ${s.state}`);
      return 0;
    }
    case 'export': {
      const format = (flags.get('format') as string | undefined) ?? 'csv';
      if (format !== 'csv' && format !== 'json') throw new UsageError('--format must be csv or json');
      const res = await fetch(api.exportUrl(needId(), format, flags.has('epochs')));
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? res.statusText, []);
      }
      process.stdout.write(await res.text());
      return 0;
    }
    default:
      throw new UsageError(`unknown command study ${verb}`);
  }
}

/** A fetch that failed before any answer: say where and what to do. */
function unreachable(err: unknown, url: string): string | null {
  if (!(err instanceof TypeError) || err.message !== 'fetch failed') return null;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return `cannot reach the API at ${url} (${cause?.code ?? cause?.message ?? 'no answer'}): start it with npm start, or pass --url`;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    const down = unreachable(err, (() => { try { return parse(process.argv.slice(2)).url; } catch { return ''; } })());
    const msg = err instanceof ApiError ? `error ${err.status} ${err.code}: ${err.message}` : `error: ${down ?? (err instanceof Error ? err.message : String(err))}`;
    process.stderr.write(`${msg}\n`);
    process.exit(1);
  },
);
