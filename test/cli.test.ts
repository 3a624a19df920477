import { readFileSync } from 'node:fs';
import { getLifecycleDiagram } from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { type CliIO, runCli } from '../src/cli/run-cli';

function run(argv: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readFile: (path) => {
      if (path in files) return files[path] as string;
      return readFileSync(path, 'utf8');
    },
  };
  const code = runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('incident-kit demo', () => {
  it('plays the seed incident from alert to close, with the seed messages', () => {
    const { code, out } = run(['demo']);
    expect(code).toBe(0);
    expect(out).toContain('14:20  alert fired');
    expect(out).toContain('→ open #incident-2024-01-15-auth-service-degraded');
    expect(out).toContain('→ announce SEV3 → SEV2');
    expect(out).toContain('11:05  close                      [closed, SEV2]');
    // The 14:30 internal update and status page post are the seed's templates.
    const golden = readFileSync('test/fixtures/golden/internal-update.md', 'utf8');
    expect(out).toContain(
      golden
        .split('\n')
        .map((line) => `        │ ${line}`)
        .join('\n'),
    );
    expect(out).toContain('        │ Duration: 45 minutes');
    expect(out).toContain('resolved in 45 minutes');
  });

  it('renders the messages in another format, or prints JSON lines', () => {
    expect(run(['demo', '--format', 'slack']).out).toContain('│ *IC:* <@U024BE7LH>');
    const lines = run(['demo', '--json']).out.split('\n');
    const steps = lines.map((line) => JSON.parse(line));
    expect(steps[0]).toMatchObject({ event: 'alert fired', status: 'detected', severity: 'SEV3' });
    expect(steps.at(-1).metrics.timeToResolveMs).toBe(45 * 60_000);
  });

  it('refuses an unknown format with exit code 2', () => {
    const { code, err } = run(['demo', '--format', 'html']);
    expect(code).toBe(2);
    expect(err).toContain('--format must be one of markdown, slack, teams, text, not "html"');
  });
});

describe('incident-kit replay', () => {
  it('rebuilds the seed incident from its event log', () => {
    const { code, out } = run(['replay', 'examples/data/auth-service-incident.jsonl']);
    expect(code).toBe(0);
    expect(out).toContain('INC-2024-01-15-auth: Auth Service Degraded — closed, SEV2, 19 timeline entries');
    expect(out).toContain('time to acknowledge 2 minutes, to mitigate 32 minutes, to resolve 45 minutes');
    expect(out).toContain('# Postmortem: Auth Service Degraded');
  });

  it('reports a bad line with its number and exits 1', () => {
    const log = readFileSync('examples/data/auth-service-incident.jsonl', 'utf8').split('\n');
    const broken = [...log.slice(0, 3), '{"type":"close","at":"2024-01-15T14:24:00Z"}', ...log.slice(3)].join(
      '\n',
    );
    const refused = run(['replay', 'log.jsonl'], { 'log.jsonl': broken });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^log\.jsonl:4: event refused \(transition_not_allowed\): Cannot close while triaging; allowed: /,
    );
    const notJson = run(['replay', 'log.jsonl'], { 'log.jsonl': `${log[0]}\n{oops` });
    expect(notJson.code).toBe(1);
    expect(notJson.err).toMatch(/^log\.jsonl:2: not JSON/);
  });

  it('prints state and metrics as JSON', () => {
    const parsed = JSON.parse(run(['replay', 'examples/data/auth-service-incident.jsonl', '--json']).out);
    expect(parsed.state.status).toBe('closed');
    expect(parsed.metrics.timeToAcknowledgeMs).toBe(120_000);
  });
});

describe('incident-kit render and diagram', () => {
  it('renders a message from a JSON file, as text or payload', () => {
    const text = run(['render', 'internal-update', '--data', 'examples/data/internal-update.json']);
    expect(text.out).toBe(readFileSync('test/fixtures/golden/internal-update.md', 'utf8'));
    const payload = JSON.parse(
      run([
        'render',
        'internal_update',
        '--data',
        'examples/data/internal-update.json',
        '--format',
        'teams',
        '--payload',
      ]).out,
    );
    expect(payload.attachments[0].content.type).toBe('AdaptiveCard');
  });

  it('names the wrong field of invalid data and exits 1', () => {
    const { code, err } = run(['render', 'internal-update', '--data', 'bad.json'], {
      'bad.json': '{"title":"x"}',
    });
    expect(code).toBe(1);
    expect(err).toContain('→ at severity');
  });

  it('prints the lifecycle diagram', () => {
    expect(run(['diagram']).out).toBe(getLifecycleDiagram());
  });

  it('answers --help for every command and exits 2 on usage errors', () => {
    for (const command of ['demo', 'replay', 'render', 'diagram']) {
      const help = run([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toContain(`Usage: incident-kit ${command}`);
    }
    expect(run([]).code).toBe(2);
    expect(run(['launch']).err).toContain('Unknown command "launch"');
    expect(run(['render', 'haiku', '--data', 'x.json']).code).toBe(2);
  });
});

describe('incident-kit output and input hygiene', () => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
  const hostileTitle =
    'Auth \u001b]52;c;SGVsbG8=\u0007down\u001b[2J\u001b[31m red\u009b1m\u009d0;title\u0007\u0000\r after';

  it('strips escape and control sequences from everything it prints, titles and error messages alike', () => {
    const log = readFileSync('examples/data/auth-service-incident.jsonl', 'utf8').split('\n');
    const declaration = { ...JSON.parse(log[0] as string), title: hostileTitle };
    const file = [JSON.stringify(declaration), ...log.slice(1)].join('\n');
    const replayed = run(['replay', 'log.jsonl'], { 'log.jsonl': file });
    expect(replayed.code).toBe(0);
    expect(replayed.out).toContain('Auth down red after');
    expect(replayed.out).not.toMatch(CONTROL);
    const json = run(['replay', 'log.jsonl', '--json'], { 'log.jsonl': file });
    expect(json.out).not.toMatch(CONTROL);
    const refused = run(['replay', 'log.jsonl'], {
      'log.jsonl': `${log[0]}\n{"type":"add_note","at":"2024-01-15T14:21:00Z","text":"\u001b]52;c;x\u0007","by":3}`,
    });
    expect(refused.code).toBe(1);
    expect(refused.err).not.toMatch(CONTROL);
    const badJson = run(['replay', 'log.jsonl'], { 'log.jsonl': `${log[0]}\n\u001b[2J{oops` });
    expect(badJson.err).toMatch(/^log\.jsonl:2: not JSON/);
    expect(badJson.err).not.toMatch(CONTROL);
  });

  it('reads JSONL and JSON written with a byte-order mark and CRLF line ends', () => {
    const log = readFileSync('examples/data/auth-service-incident.jsonl', 'utf8').trimEnd().split('\n');
    const windows = `\ufeff${log.join('\r\n')}\r\n`;
    const replayed = run(['replay', 'log.jsonl'], { 'log.jsonl': windows });
    expect(replayed.code).toBe(0);
    expect(replayed.out).toContain('closed, SEV2, 19 timeline entries');
    const data = readFileSync('examples/data/internal-update.json', 'utf8');
    const rendered = run(['render', 'internal-update', '--data', 'd.json'], {
      'd.json': `\ufeff${data.replace(/\n/g, '\r\n')}`,
    });
    expect(rendered.code).toBe(0);
    expect(rendered.out).toBe(readFileSync('test/fixtures/golden/internal-update.md', 'utf8'));
  });
});
