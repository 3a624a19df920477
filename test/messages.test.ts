import { readFileSync } from 'node:fs';
import {
  createRenderer,
  MESSAGE_FORMATS,
  MESSAGE_KINDS,
  type MessageInputs,
  renderExecutiveSummary,
  renderHandoffBrief,
  renderInternalUpdate,
  renderPostmortem,
  renderResolutionUpdate,
  renderStatusPageUpdate,
  renderTacticalUpdate,
} from 'incident-kit';
import { describe, expect, it } from 'vitest';
import { thrown } from './fixtures/assert';
import {
  messageExamples,
  seedInternalUpdate,
  seedResolutionUpdate,
  seedStatusPageUpdate,
} from './fixtures/messages';
import { sam } from './fixtures/seed';

const golden = (name: string) => readFileSync(`test/fixtures/golden/${name}.md`, 'utf8');

const renderers = {
  internal_update: renderInternalUpdate,
  tactical_update: renderTacticalUpdate,
  executive_summary: renderExecutiveSummary,
  status_page_update: renderStatusPageUpdate,
  resolution_update: renderResolutionUpdate,
  handoff_brief: renderHandoffBrief,
  postmortem: renderPostmortem,
} as const;

describe('golden outputs from the seed', () => {
  it('renderInternalUpdate reproduces the seed internal update byte for byte', () => {
    expect(renderInternalUpdate(seedInternalUpdate, { format: 'markdown' })).toBe(golden('internal-update'));
  });

  it('renderStatusPageUpdate reproduces the seed status page update posted 2024-01-15 14:30 UTC', () => {
    expect(renderStatusPageUpdate(seedStatusPageUpdate)).toBe(golden('status-page-update'));
  });

  it('renderResolutionUpdate reproduces the seed resolution update, computing "45 minutes"', () => {
    expect(renderResolutionUpdate(seedResolutionUpdate, { format: 'markdown' })).toBe(
      golden('resolution-update'),
    );
  });
});

describe('every message in every format', () => {
  for (const kind of MESSAGE_KINDS) {
    for (const format of MESSAGE_FORMATS) {
      it(`renders ${kind} as ${format}`, () => {
        const render = renderers[kind] as (data: unknown, options: object) => string;
        expect(render(messageExamples[kind], { format })).toMatchSnapshot();
      });
    }
    it(`renders ${kind} as Slack and Teams payloads`, () => {
      const render = renderers[kind] as (data: unknown, options: object) => unknown;
      expect(render(messageExamples[kind], { format: 'slack', payload: true })).toMatchSnapshot();
      expect(render(messageExamples[kind], { format: 'teams', payload: true })).toMatchSnapshot();
    });
  }
});

describe('mentions and escaping', () => {
  it('mentions a person with a Slack user id in Slack, and by handle elsewhere', () => {
    expect(renderInternalUpdate(seedInternalUpdate, { format: 'slack' })).toContain('*IC:* <@U024BE7LH>');
    expect(renderInternalUpdate(seedInternalUpdate, { format: 'markdown' })).toContain('**IC:** @jane-smith');
    expect(renderInternalUpdate(seedInternalUpdate, { format: 'teams' })).toContain('**IC:** @jane-smith');
    expect(renderInternalUpdate(seedInternalUpdate, { format: 'text' })).toContain('IC: @jane-smith');
  });

  it('keeps ordinary text unchanged in every format', () => {
    for (const format of MESSAGE_FORMATS) {
      const text = renderInternalUpdate(seedInternalUpdate, { format });
      expect(text).toContain('Login failures for ~30% of users');
      expect(text).toContain('API returning 503 errors');
    }
  });

  it('defuses mentions, links and HTML typed into an alert', () => {
    const data = {
      ...seedInternalUpdate,
      commander: null,
      impact: ['<!channel> see <http://evil.example|this> & <@U999>'],
    };
    expect(renderInternalUpdate(data, { format: 'slack' })).toContain(
      '• &lt;!channel&gt; see &lt;http://evil.example|this&gt; &amp; &lt;@U999&gt;',
    );
    const markdown = renderInternalUpdate(
      {
        ...data,
        impact: ['[click](http://evil.example) ![x](http://evil.example/x.png) <script>alert(1)</script>'],
      },
      { format: 'markdown' },
    );
    expect(markdown).toContain(
      '- \\[click\\](http://evil.example) !\\[x\\](http://evil.example/x.png) &lt;script&gt;alert(1)&lt;/script&gt;',
    );
  });

  it('cannot start a heading, a list or a quote from inside a value', () => {
    const text = renderStatusPageUpdate(
      { ...seedStatusPageUpdate, message: 'Fine\n# Hacked\n> quoted\n- item\n1. first' },
      { format: 'markdown' },
    );
    expect(text).toContain('Fine\n\\# Hacked\n&gt; quoted\n\\- item\n1\\. first');
    const teams = renderStatusPageUpdate(
      { ...seedStatusPageUpdate, message: '**bold** _it_ [a](b)' },
      { format: 'teams' },
    );
    expect(teams).toContain('\\*\\*bold\\*\\* \\_it\\_ \\[a\\](b)');
  });

  it('leaves plain text as typed, without invisible control or bidi characters', () => {
    const text = renderStatusPageUpdate(
      { ...seedStatusPageUpdate, message: 'Login\u202e failures <b>\u0007' },
      { format: 'text' },
    );
    expect(text).toContain('Login failures <b>');
  });
});

describe('render options', () => {
  it('shows times in a named time zone', () => {
    expect(renderStatusPageUpdate(seedStatusPageUpdate, { timeZone: 'Europe/Oslo' })).toContain(
      'Posted: 2024-01-15 15:30 Europe/Oslo',
    );
  });

  it('refuses an unknown time zone, an unknown format and payloads for text formats', () => {
    expect(
      thrown(() => renderStatusPageUpdate(seedStatusPageUpdate, { timeZone: 'Mars/Olympus' })).message,
    ).toContain('Unknown time zone');
    expect(thrown(() => renderStatusPageUpdate(seedStatusPageUpdate, { format: 'html' as never })).code).toBe(
      'invalid_input',
    );
    expect(() =>
      renderStatusPageUpdate(seedStatusPageUpdate, { format: 'markdown', payload: true } as never),
    ).toThrow(/payload: true is for the slack and teams formats/);
  });

  it('names the wrong field of invalid data', () => {
    const error = thrown(() => renderInternalUpdate({ ...seedInternalUpdate, severity: 'SEV9' as never }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('→ at severity');
  });

  it('adds a next-update line to a status page post when given', () => {
    expect(
      renderStatusPageUpdate({ ...seedStatusPageUpdate, nextUpdateInMinutes: 20 }, { format: 'text' }),
    ).toContain('Next update: in 20 minutes\nPosted: 2024-01-15 14:30 UTC');
  });

  it('states plainly whether data was lost', () => {
    expect(renderResolutionUpdate({ ...seedResolutionUpdate, dataLoss: 'none' })).toContain(
      'All systems are operating normally.\nNo data was lost.\nDuration: 45 minutes',
    );
  });
});

describe('createRenderer', () => {
  it('replaces a built-in template for one format and keeps the others', () => {
    const renderer = createRenderer({
      templates: {
        internal_update: { slack: ':rotating_light: {{#b}}{{title}}{{/b}} is {{status}} ({{severity}})' },
      },
    });
    expect(renderer.renderInternalUpdate(seedInternalUpdate, { format: 'slack' })).toBe(
      ':rotating_light: *Auth Service Degraded* is Investigating (SEV2)',
    );
    expect(renderer.renderInternalUpdate(seedInternalUpdate, { format: 'markdown' })).toBe(
      golden('internal-update'),
    );
  });

  it('adds a custom message whose strings are escaped for the format', () => {
    const renderer = createRenderer({
      templates: { pager_note: '{{#b}}{{title}}{{/b}}: {{note}} ({{count}})' },
    });
    expect(renderer.kinds()).toContain('pager_note');
    expect(
      renderer.render(
        'pager_note',
        { title: 'Heads up', note: '<!here> db slow', count: 3 },
        { format: 'slack' },
      ),
    ).toBe('*Heads up*: &lt;!here&gt; db slow (3)');
  });

  it('fails at render with the name of a field the data does not have', () => {
    const renderer = createRenderer({ templates: { internal_update: 'Owner: {{owner}}' } });
    const error = thrown(() => renderer.renderInternalUpdate(seedInternalUpdate));
    expect(error.code).toBe('template_error');
    expect(error.message).toBe(
      'Template "internal_update" (markdown) uses "owner", which the data does not have (line 1, column 9)',
    );
  });

  it('refuses a template that is not a string before it reaches the compiler', () => {
    const error = thrown(() =>
      createRenderer({ templates: { internal_update: { type: 'Program', body: [] } as never } }),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.issues[0]?.path[0]).toBe('internal_update');
  });

  it('refuses a template that does not compile, or that calls an unknown helper', () => {
    expect(thrown(() => createRenderer({ templates: { internal_update: '{{#b}}unclosed' } })).code).toBe(
      'template_error',
    );
    expect(thrown(() => createRenderer({ templates: { internal_update: '{{shout title}}' } })).code).toBe(
      'template_error',
    );
  });

  it('does not let a template reach prototypes', () => {
    const renderer = createRenderer({ templates: { note: '[{{title.constructor}}][{{__proto__}}]' } });
    const result = (() => {
      try {
        return renderer.render('note', { title: 'x' }, { format: 'text' });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(result).not.toContain('function');
    expect(result).not.toContain('[object');
  });

  it('refuses an unknown message kind', () => {
    expect(thrown(() => createRenderer().render('haiku', {})).message).toContain(
      'Unknown message kind "haiku"',
    );
  });

  it('renders the handoff announcement with the incoming name', () => {
    expect(
      renderHandoffBrief(messageExamples.handoff_brief as MessageInputs['handoff_brief'], { format: 'text' }),
    ).toContain(`Announce: "Handing over Incident Commander to ${sam.name}."`);
  });
});
