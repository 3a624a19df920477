import { readFileSync } from 'node:fs';
import {
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
  type SlackPayload,
  type TeamsPayload,
} from 'incident-kit';
import { createRenderer, type TemplateOverrides } from 'incident-kit/templates';
import { escapeText, mention } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';
import { thrown } from './fixtures/assert';
import { hostileOneLine, plainTwin } from './fixtures/message-corpus';
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

describe('escapeText', () => {
  it('keeps zero-width joiners and non-joiners, which emoji sequences and scripts need', () => {
    const words = ['👩‍👩‍👧‍👦', '🏳️‍🌈', 'می‌خواهم', 'क्‍ष', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'];
    for (const format of MESSAGE_FORMATS) {
      for (const word of words) expect(escapeText(word, format), `${format} ${word}`).toBe(word);
    }
    expect([...new Intl.Segmenter().segment(escapeText('👩‍👩‍👧‍👦', 'slack'))]).toHaveLength(1);
  });

  it('removes bidi overrides and isolates, zero-width space, BOM and control characters', () => {
    expect(
      escapeText('a\u202eb\u202cc\u2066d\u2069e\u200bf\ufeffg\u0007h\u001bi\u200ej\u2060k', 'text'),
    ).toBe('abcdefghijk');
  });

  it('turns every line break into one space in a single-line field, and into \\n in prose', () => {
    const broken = 'a\r\nb\rc\nd\u2028e\u2029f\u0085g\vh\fi';
    expect(escapeText(broken, 'text', { singleLine: true })).toBe('a b c d e f g h i');
    expect(escapeText(broken, 'text')).toBe('a\nb\nc\nd\ne\nf\ng\nh\ni');
    expect(escapeText('Fine  \n  *Severity:* SEV1', 'slack', { singleLine: true })).toBe(
      'Fine *Severity:* SEV1',
    );
  });

  it('keeps <https://…> and <mailto:…> autolinks and entities as text in Teams', () => {
    expect(escapeText('Details: <https://evil.example/reset> <mailto:a@evil.example>', 'teams')).toBe(
      'Details: \\<https://evil.example/reset> \\<mailto:a@evil.example>',
    );
    expect(escapeText('&lt;b&gt; & more', 'teams')).toBe('\\&lt;b\\&gt; & more');
  });
});

describe('mention', () => {
  it('keeps a name on one line', () => {
    expect(mention({ id: 'eve', name: 'Eve\n**IC:** Mallory' }, 'teams')).toBe('Eve \\*\\*IC:\\*\\* Mallory');
  });
});

describe('one-line fields', () => {
  // Every title, name, handle, status, role, list item, timeline event and action item holds a hostile text (line
  // breaks of every kind, list and heading syntax, forged labels); the prose is harmless. Rendered, each message must
  // have exactly the lines it has with harmless one-line text.
  const lines = (text: string) => text.split('\n').length;
  const builtIn = createRenderer();
  for (const kind of MESSAGE_KINDS) {
    it(`never start a line of their own in ${kind}, in any format or payload`, () => {
      for (const format of MESSAGE_FORMATS) {
        const render = (data: unknown) => builtIn.render(kind, data, { format }) as string;
        expect(lines(render(hostileOneLine[kind])), format).toBe(lines(render(plainTwin[kind])));
      }
      const slackLines = (data: unknown) =>
        (builtIn.render(kind, data, { format: 'slack', payload: true }) as SlackPayload).blocks
          .map((block) => lines(block.text.text))
          .reduce((sum, count) => sum + count, 0);
      expect(slackLines(hostileOneLine[kind]), 'slack payload').toBe(slackLines(plainTwin[kind]));
      const teamsBlocks = (data: unknown) =>
        (
          builtIn.render(kind, data, { format: 'teams', payload: true }) as TeamsPayload
        ).attachments[0]?.content.body.map((block) => lines(block.text));
      expect(teamsBlocks(hostileOneLine[kind]), 'teams payload').toEqual(teamsBlocks(plainTwin[kind]));
    });
  }
});

describe('durations in messages', () => {
  it('never say "0 minutes": under a minute reads "less than a minute" in every format', () => {
    const quick = { ...seedResolutionUpdate, resolvedAt: '2024-01-15T14:20:40Z' };
    const soon = { ...seedStatusPageUpdate, nextUpdateInMinutes: 0.5 };
    for (const format of MESSAGE_FORMATS) {
      const resolution = renderResolutionUpdate(quick, { format });
      expect(resolution, format).toContain('Duration: less than a minute');
      expect(renderStatusPageUpdate(soon, { format }), format).toContain(
        'Next update: in less than a minute',
      );
      expect(resolution + renderStatusPageUpdate(soon, { format })).not.toMatch(/\b0 minutes/);
    }
  });
});

describe('render functions with payload: true', () => {
  it('keep a two-line title out of the first body block of the Slack and Teams payloads', () => {
    const data = { ...seedInternalUpdate, title: 'Auth down\n**Severity:** SEV1 **' };
    const slack = renderInternalUpdate(data, { format: 'slack', payload: true });
    expect(slack.blocks[0]?.text.text).toBe('Incident: Auth down **Severity:** SEV1 **');
    expect(slack.blocks[1]?.text.text.startsWith('*Severity:* SEV2\n')).toBe(true);
    const teams = renderInternalUpdate(data, { format: 'teams', payload: true });
    const body = teams.attachments[0]?.content.body ?? [];
    expect(body[0]?.text).toBe('Incident: Auth down \\*\\*Severity:\\*\\* SEV1 \\*\\*');
    expect(body[1]?.text.startsWith('**Severity:** SEV2\n\n**Status:**')).toBe(true);
  });

  it('accept data written as const', () => {
    const data = {
      title: 'Auth Service Degraded',
      severity: 'SEV2',
      status: 'Investigating',
      impact: ['Login failures'],
      nextUpdateInMinutes: 15,
    } as const;
    expect(renderInternalUpdate(data, { format: 'text' })).toContain('- Login failures');
  });
});

describe('createRenderer with custom kinds', () => {
  it('treats a custom kind named like an Object.prototype member as any other kind', () => {
    const renderer = createRenderer({ templates: { constructor: '{{#b}}{{title}}{{/b}}: {{note}}' } });
    expect(renderer.render('constructor', { title: 'Heads up', note: '<!here>' }, { format: 'slack' })).toBe(
      '*Heads up*: &lt;!here&gt;',
    );
    expect(
      renderer.render('constructor', { title: 'x', note: 'y' }, { format: 'slack', payload: true }),
    ).toMatchObject({
      blocks: [{ type: 'header', text: { text: 'x' } }, { type: 'section' }],
    });
    // One format given: the others fall back to it, never to whatever Object.prototype holds under that name.
    const oneFormat = createRenderer({ templates: { constructor: { slack: '{{title}}!' } } });
    expect(oneFormat.render('constructor', { title: 'x' }, { format: 'markdown' })).toBe('x!');
    for (const kind of ['toString', 'valueOf', 'hasOwnProperty', '__proto__', 'constructor']) {
      expect(thrown(() => createRenderer().render(kind, {})).message).toContain(
        `Unknown message kind "${kind}"`,
      );
    }
  });

  it('refuses Object.prototype names that are not valid kinds or formats, before Handlebars sees them', () => {
    const proto = JSON.parse('{"__proto__": "{{title}}"}') as TemplateOverrides;
    expect(thrown(() => createRenderer({ templates: proto })).code).toBe('invalid_input');
    expect(thrown(() => createRenderer({ templates: { toString: '{{title}}' } })).code).toBe('invalid_input');
    expect(
      thrown(() => createRenderer({ templates: { note: { constructor: '{{title}}' } as never } })).code,
    ).toBe('invalid_input');
  });

  it('escapes object keys shown with {{@key}} or a block parameter, and still finds fields by their names', () => {
    const renderer = createRenderer({
      templates: {
        tally:
          '{{#each counts}}[{{@key}}={{this}}]{{/each}} {{#each counts as |value key|}}({{key}}){{/each}} {{counts.next_update}}',
      },
    });
    const data = { counts: { '<!channel>': 1, next_update: 2 } };
    expect(renderer.render('tally', data, { format: 'slack' })).toBe(
      '[&lt;!channel&gt;=1][next_update=2] (&lt;!channel&gt;)(next_update) 2',
    );
    expect(renderer.render('tally', data, { format: 'markdown' })).toBe(
      '[&lt;!channel&gt;=1][next\\_update=2] (&lt;!channel&gt;)(next\\_update) 2',
    );
    const list = createRenderer({ templates: { list: '{{#each items}}[{{@key}}={{this}}]{{/each}}' } });
    expect(list.render('list', { items: ['a', 'b'] }, { format: 'text' })).toBe('[0=a][1=b]');
  });
});
