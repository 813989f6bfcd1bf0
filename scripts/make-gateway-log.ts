/**
 * Writes the bundled production-log example, datasets/gateway-log/, from the full-information LLMDrift trace:
 * the same traffic as a LiteLLM SpendLogs export and as OpenTelemetry GenAI spans (OTLP/JSON), logged by a
 * known per-task router with fallbacks, a 60 s gateway timeout, 2% provider errors and a rate-limit burst
 * on gpt-4-0314; truth.json holds the setup and the true value of every "always <model>" policy under it.
 *
 *   npx tsx scripts/make-gateway-log.ts [--out <dir>]
 *
 * Deterministic: the same input gives the same bytes (gzip without a timestamp).
 */
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { countTokens } from 'gpt-tokenizer/encoding/cl100k_base';
import { toJson, writeFileAtomic } from '../src/core/atomic-write.ts';
import { hashString } from '../src/core/rng.ts';
import { type GatewayCall, type GatewaySetup, simulateGatewayLog } from '../src/replay/simulate-gateway-log.ts';
import { readTrace } from '../src/traces/read-trace.ts';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const OUT = resolve(outIndex >= 0 ? args[outIndex + 1]! : join(root, 'datasets/gateway-log'));

export const SETUP: GatewaySetup = {
  weights: {
    prime: { 'gpt-3.5-turbo-0301': 0.4, 'gpt-3.5-turbo-0613': 0.3, 'gpt-4-0314': 0.1, 'gpt-4-0613': 0.2 },
    counthappynumber: { 'gpt-3.5-turbo-0301': 0.2, 'gpt-3.5-turbo-0613': 0.4, 'gpt-4-0314': 0.2, 'gpt-4-0613': 0.2 },
    leetcode_easy: { 'gpt-3.5-turbo-0301': 0.1, 'gpt-3.5-turbo-0613': 0.2, 'gpt-4-0314': 0.5, 'gpt-4-0613': 0.2 },
  },
  fallbacks: {
    'gpt-4-0314': 'gpt-4-0613',
    'gpt-4-0613': 'gpt-4-0314',
    'gpt-3.5-turbo-0613': 'gpt-3.5-turbo-0301',
    'gpt-3.5-turbo-0301': 'gpt-3.5-turbo-0613',
  },
  timeoutMs: 60_000,
  errorRate: 0.02,
  rateLimitBurst: { model: 'gpt-4-0314', from: 600, to: 750 },
  seed: 20230702,
};

/** Where each model is deployed: gpt-4-0613 through an Azure deployment, the rest through OpenAI. */
const DEPLOYMENT: Record<string, { provider: string; otel: string; apiBase: string }> = {
  'gpt-4-0613': { provider: 'azure', otel: 'azure.ai.openai', apiBase: 'https://eastus-prod.openai.azure.com' },
};
const OPENAI = { provider: 'openai', otel: 'openai', apiBase: 'https://api.openai.com/v1' };

const hex = (s: string, n: number): string =>
  Array.from({ length: Math.ceil(n / 8) }, (_, i) => hashString(`${s}#${i}`).toString(16).padStart(8, '0'))
    .join('')
    .slice(0, n);

/** LiteLLM's /spend/logs returns naive UTC datetimes with microseconds. */
const naive = (ms: number): string => `${new Date(ms).toISOString().slice(0, 23)}000`;

const ERRORS: Record<string, { code: string; cls: string; message: string }> = {
  rate_limited: {
    code: '429',
    cls: 'RateLimitError',
    message: 'litellm.RateLimitError: OpenAIException - Rate limit reached',
  },
  timeout: {
    code: '408',
    cls: 'Timeout',
    message: 'litellm.Timeout: APITimeoutError - Request timed out after 60.0 s',
  },
  error: {
    code: '500',
    cls: 'InternalServerError',
    message: 'litellm.InternalServerError: OpenAIException - server error',
  },
};

function spendLog(c: GatewayCall, promptTokens: number): Record<string, unknown> {
  const d = DEPLOYMENT[c.model] ?? OPENAI;
  const ok = c.status === 'ok';
  const err = ERRORS[c.status];
  return {
    request_id: `chatcmpl-${hex(`${c.requestId}/${c.attempt}`, 24)}`,
    call_type: 'acompletion',
    api_key: hex('support-bot-key', 64),
    spend: c.costUsd,
    total_tokens: ok ? promptTokens + c.outputTokens : 0,
    prompt_tokens: ok ? promptTokens : 0,
    completion_tokens: ok ? c.outputTokens : 0,
    startTime: naive(c.startMs),
    endTime: naive(c.startMs + c.latencyMs),
    completionStartTime: ok ? naive(c.startMs + c.latencyMs) : null,
    model: c.model,
    model_id: hex(c.model, 12),
    model_group: 'default-router',
    custom_llm_provider: d.provider,
    api_base: d.apiBase,
    user: '',
    metadata: {
      user_api_key_alias: 'support-bot',
      litellm_trace_id: c.requestId,
      attempted_fallbacks: c.attempt - 1,
      ...(err ? { error_information: { error_code: err.code, error_class: err.cls, error_message: err.message } } : {}),
      // The team's grader joins its score (and the router its probability) onto each request's metadata.
      spend_logs_metadata: { task: c.task, propensity: c.propensity, ...(ok ? { quality: c.quality } : {}) },
    },
    cache_hit: 'False',
    cache_key: '',
    request_tags: ['prod', c.task],
    team_id: 'team-support',
    end_user: '',
    messages: [{ role: 'user', content: c.prompt }],
    response: {},
    status: ok ? 'success' : 'failure',
  };
}

const attr = (key: string, v: string | number): Record<string, unknown> => ({
  key,
  value:
    typeof v === 'string' ? { stringValue: v } : Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v },
});
const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

function spans(calls: readonly GatewayCall[], promptTokens: number): Record<string, unknown>[] {
  const first = calls[0]!;
  const last = calls[calls.length - 1]!;
  const traceId = hex(first.requestId, 32);
  const server = hex(`${first.requestId}/server`, 16);
  const out: Record<string, unknown>[] = [
    {
      traceId,
      spanId: server,
      name: 'POST /v1/chat/completions',
      kind: 2,
      startTimeUnixNano: nanos(first.startMs - 5),
      endTimeUnixNano: nanos(last.startMs + last.latencyMs + 5),
      attributes: [attr('http.request.method', 'POST'), attr('http.route', '/v1/chat/completions')],
      status: {},
    },
  ];
  for (const c of calls) {
    const ok = c.status === 'ok';
    const d = DEPLOYMENT[c.model] ?? OPENAI;
    const attributes = [
      attr('gen_ai.operation.name', 'chat'),
      attr('gen_ai.request.model', c.model),
      attr('gen_ai.provider.name', d.otel),
      attr('gen_ai.usage.input_tokens', ok ? promptTokens : 0),
      attr('routelab.task', c.task ?? ''),
      attr('routelab.propensity', c.propensity),
    ];
    if (ok) {
      attributes.push(attr('gen_ai.response.model', c.model), attr('gen_ai.usage.output_tokens', c.outputTokens));
      attributes.push(attr('routelab.quality', c.quality));
    } else {
      attributes.push(attr('error.type', ERRORS[c.status]!.cls));
    }
    out.push({
      traceId,
      spanId: hex(`${c.requestId}/${c.attempt}`, 16),
      parentSpanId: server,
      name: `chat ${c.model}`,
      kind: 3,
      startTimeUnixNano: nanos(c.startMs),
      endTimeUnixNano: nanos(c.startMs + c.latencyMs),
      attributes,
      status: ok ? {} : { code: 2, message: ERRORS[c.status]!.message },
    });
  }
  return out;
}

async function main(): Promise<void> {
  const trace = await readTrace(join(root, 'datasets/llmdrift.csv.gz'));
  const { calls, truth } = simulateGatewayLog(trace, SETUP);
  const byRequest = new Map<string, GatewayCall[]>();
  for (const c of calls) byRequest.set(c.requestId, [...(byRequest.get(c.requestId) ?? []), c]);
  const tokens = new Map([...byRequest.keys()].map((id) => [id, countTokens(byRequest.get(id)![0]!.prompt ?? '')]));

  const litellm = `[\n${calls.map((c) => JSON.stringify(spendLog(c, tokens.get(c.requestId)!))).join(',\n')}\n]\n`;
  // The collector's file exporter writes one ExportTraceServiceRequest per batch: 64 requests a line here.
  const groups = [...byRequest.values()];
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += 64) {
    const batch = groups.slice(i, i + 64).flatMap((g) => spans(g, tokens.get(g[0]!.requestId)!));
    const resource = { attributes: [attr('service.name', 'support-bot'), attr('deployment.environment', 'prod')] };
    const scope = { name: 'opentelemetry.instrumentation.openai_v2', version: '2.1b0' };
    lines.push(JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope, spans: batch }] }] }));
  }
  const always = Object.fromEntries(
    trace.modelNames.map((name, m) => {
      const q = truth.reduce((s, t) => s + t[m]!.quality, 0) / truth.length;
      const c = truth.reduce((s, t) => s + t[m]!.costUsd, 0) / truth.length;
      return [`always:${name}`, { quality: q, costUsdPerRequest: c }];
    }),
  );
  const finals = [...byRequest.values()].map((g) => g[g.length - 1]!);
  const logged = {
    quality: finals.reduce((s, c) => s + (c.status === 'ok' ? c.quality : 0), 0) / finals.length,
    costUsdPerRequest: calls.reduce((s, c) => s + c.costUsd, 0) / finals.length,
    errorRate: finals.filter((c) => c.status !== 'ok').length / finals.length,
  };
  const counts = { requests: byRequest.size, calls: calls.length };
  const gz = (s: string): Buffer => gzipSync(Buffer.from(s), { level: 9 });
  await writeFileAtomic(join(OUT, 'litellm-spend-logs.json.gz'), gz(litellm));
  await writeFileAtomic(join(OUT, 'otel-genai-spans.jsonl.gz'), gz(`${lines.join('\n')}\n`));
  await writeFileAtomic(
    join(OUT, 'truth.json'),
    toJson({ source: 'datasets/llmdrift.csv.gz', setup: SETUP, counts, logged, always }),
  );
  process.stdout.write(`wrote ${OUT}: ${counts.requests} requests, ${counts.calls} calls\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await main();
