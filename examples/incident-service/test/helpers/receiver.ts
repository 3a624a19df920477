// A stand-in for PagerDuty, Slack, Teams and Statuspage on loopback: it records every request the outbox sends
// (path, idempotency key, body) and answers as each vendor does (Slack's `ok`/`channel`/`ts`, a Statuspage `id`).
import { createServer, type Server } from 'node:http';

export interface Received {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly key: string | null;
  readonly authorization: string | null;
  readonly body: Record<string, unknown>;
}

export interface Receiver {
  readonly url: string;
  readonly requests: Received[];
  /** While true every request is answered 503 (and recorded as refused, not received). */
  failing: boolean;
  refused: number;
  /** PagerDuty events with this action (`trigger`, `acknowledge`, `resolve`). */
  pagerduty(action: string): Received[];
  /** Teams and Slack messages whose text contains `text`. */
  chat(text: string): Received[];
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  let counter = 0;
  const state: Receiver = {
    url: '',
    requests: [],
    failing: false,
    refused: 0,
    pagerduty: (action) =>
      state.requests.filter(
        (request) => request.path.endsWith('/v2/enqueue') && request.body.event_action === action,
      ),
    chat: (text) =>
      state.requests.filter(
        (request) =>
          (request.path.startsWith('/teams') || request.path.includes('chat.')) &&
          JSON.stringify(request.body).includes(text),
      ),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (state.failing) {
        state.refused += 1;
        response.writeHead(503).end('{"message":"down for the test"}');
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      const path = request.url ?? '/';
      state.requests.push({
        at: Date.now(),
        method: request.method ?? 'GET',
        path,
        key: (request.headers['idempotency-key'] as string | undefined) ?? null,
        authorization: request.headers.authorization ?? null,
        body,
      });
      counter += 1;
      let answer: unknown = { status: 'success', message: 'Event processed' };
      if (path.endsWith('/chat.postMessage'))
        answer = { ok: true, channel: body.channel, ts: `1800000000.${String(counter).padStart(6, '0')}` };
      else if (path.endsWith('/chat.update')) answer = { ok: true, channel: body.channel, ts: body.ts };
      else if (path.startsWith('/statuspage') && request.method === 'POST') answer = { id: `sp${counter}` };
      response.writeHead(path.endsWith('/v2/enqueue') ? 202 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  return Object.assign(state, { url: `http://127.0.0.1:${port}` });
}

/** The outbound configuration that points every vendor at the receiver. */
export function outboundEnv(receiver: Receiver): Record<string, string> {
  return {
    OUTBOUND: JSON.stringify({
      pagerduty: { routingKey: 'e93facc04764012d7bfb002500d5d1a6' },
      slack: { channel: 'C0123456789' },
      teams: { webhookUrl: `${receiver.url}/teams/webhook` },
    }),
    OUTBOUND_URLS: JSON.stringify({ pagerduty: `${receiver.url}/pagerduty`, slack: `${receiver.url}/slack` }),
    OUTBOUND_TOKENS: JSON.stringify({ slack: 'xoxb-test-token' }),
  };
}
