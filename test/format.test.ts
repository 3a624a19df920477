import { escapeText, mention, truncateText } from 'incident-kit/text';
import { describe, expect, it } from 'vitest';
import { hasVisibleText } from '../src/comms/format';
import { thrown } from './fixtures/assert';

// The escaping rules one by one, each with the neighbour it must leave alone. CommonMark's own view of the results
// is checked in test/markdown-structure.test.ts; these pin each rule so a weaker one fails here by name.

describe('escapeText: line breaks', () => {
  // Each break alone, so no other break in the same text can hide that one is missed.
  const breaks = {
    CR: '\r',
    LF: '\n',
    CRLF: '\r\n',
    VT: '\v',
    FF: '\f',
    NEL: '\u0085',
    LS: '\u2028',
    PS: '\u2029',
  };

  for (const [name, lineBreak] of Object.entries(breaks)) {
    it(`turns a lone ${name} into \\n in prose and into one space in a single-line field`, () => {
      expect(escapeText(`a${lineBreak}b`, 'text')).toBe('a\nb');
      expect(escapeText(`a${lineBreak}b`, 'text', { singleLine: true })).toBe('a b');
      expect(escapeText(`a ${lineBreak}\t b`, 'slack', { singleLine: true })).toBe('a b');
    });
  }

  it('turns a text that is nothing but a break into \n, or one space', () => {
    for (const lineBreak of Object.values(breaks)) {
      expect(escapeText(lineBreak, 'text')).toBe('\n');
      expect(escapeText(lineBreak, 'text', { singleLine: true })).toBe(' ');
    }
  });

  it('keeps two breaks in a row as two lines of prose, and CRLF as one', () => {
    expect(escapeText('a\r\rb', 'text')).toBe('a\n\nb');
    expect(escapeText('a\r\n\r\nb', 'text')).toBe('a\n\nb');
    expect(escapeText('a\n\rb', 'text')).toBe('a\n\nb');
  });

  it('collapses a run of spaces and tabs around each break into one space, and keeps other spaces', () => {
    expect(escapeText('a  \t\n\t  b  c', 'text', { singleLine: true })).toBe('a b  c');
    expect(escapeText('a \n\n b', 'text', { singleLine: true })).toBe('a  b');
    expect(escapeText('a  b\tc', 'text', { singleLine: true })).toBe('a  b\tc');
    expect(escapeText('a  \nb', 'text')).toBe('a  \nb');
  });
});

describe('escapeText: invisible characters', () => {
  // The first and last character of every range removed, and the characters just outside kept.
  const removed = [
    '\u0000',
    '\u0008',
    '\u000e',
    '\u001f',
    '\u007f',
    '\u0084',
    '\u0086',
    '\u009f',
    '\u061c',
    '\u180e',
    '\u200b',
    '\u200e',
    '\u200f',
    '\u202a',
    '\u202e',
    '\u2060',
    '\u2064',
    '\u2066',
    '\u2069',
    '\ufeff',
    '\ufff9',
    '\ufffb',
  ];
  const kept = [
    '\t',
    ' ',
    '~',
    '\u00a0',
    '\u061b',
    '\u200a',
    '\u200c',
    '\u200d',
    '\u2010',
    '\u202f',
    '\ufffc',
  ];

  it('removes the first and last character of each invisible range, in every format', () => {
    for (const character of removed) {
      for (const format of ['markdown', 'slack', 'teams', 'text'] as const) {
        expect(escapeText(`a${character}b`, format), `U+${character.codePointAt(0)?.toString(16)}`).toBe(
          'ab',
        );
      }
    }
  });

  it('keeps the characters next to those ranges', () => {
    for (const character of kept) {
      expect(escapeText(`a${character}b`, 'text'), `U+${character.codePointAt(0)?.toString(16)}`).toBe(
        `a${character}b`,
      );
    }
  });

  it('removes every invisible character, not only the first', () => {
    expect(escapeText('\u200ba\u200bb\u200b', 'text')).toBe('ab');
    expect(escapeText('\u200ba\nb\u200b', 'text', { singleLine: true })).toBe('a b');
  });
});

describe('hasVisibleText', () => {
  it('is false for text that renders as nothing, and true as soon as one character shows', () => {
    expect(hasVisibleText('')).toBe(false);
    expect(hasVisibleText(' \u200b \t')).toBe(false);
    expect(hasVisibleText('\n\u2028\r\n')).toBe(false);
    expect(hasVisibleText('\u202e')).toBe(false);
    expect(hasVisibleText(' x ')).toBe(true);
    expect(hasVisibleText('\u200bx')).toBe(true);
  });
});

describe('escapeText: Slack', () => {
  it('escapes exactly &, < and >, each of them wherever it is', () => {
    expect(escapeText('a & b', 'slack')).toBe('a &amp; b');
    expect(escapeText('a < b', 'slack')).toBe('a &lt; b');
    expect(escapeText('a > b', 'slack')).toBe('a &gt; b');
    expect(escapeText('<<&&>>', 'slack')).toBe('&lt;&lt;&amp;&amp;&gt;&gt;');
    expect(escapeText('*bold* _it_ ~st~ `code` # - 1.', 'slack')).toBe('*bold* _it_ ~st~ `code` # - 1.');
  });
});

describe('escapeText: Markdown and Teams', () => {
  it('leaves a lone tilde alone and escapes tildes that could pair into strikethrough', () => {
    for (const format of ['markdown', 'teams'] as const) {
      expect(escapeText('~30% of users', format)).toBe('~30% of users');
      expect(escapeText('~30% of *users*', format)).toBe('~30% of \\*users\\*');
      expect(escapeText('~30% to ~40%', format)).toBe('\\~30% to \\~40%');
      expect(escapeText('~~gone~~', format)).toBe('\\~\\~gone\\~\\~');
    }
  });

  it('escapes every inline marker, each time it appears', () => {
    expect(escapeText('\\ ` * _ [ ] |', 'markdown')).toBe('\\\\ \\` \\* \\_ \\[ \\] \\|');
    expect(escapeText('**a** __b__', 'teams')).toBe('\\*\\*a\\*\\* \\_\\_b\\_\\_');
  });

  it('escapes block syntax only at the start of a line, indented or not', () => {
    expect(escapeText('# Title', 'markdown')).toBe('\\# Title');
    expect(escapeText('  # Title', 'markdown')).toBe('  \\# Title');
    expect(escapeText('\t+ item', 'markdown')).toBe('\t\\+ item');
    expect(escapeText('ok\n= setext\n- item', 'markdown')).toBe('ok\n\\= setext\n\\- item');
    // The same characters inside a line are prose.
    expect(escapeText('# Title - jane-smith + 2 = 3 #1', 'markdown')).toBe(
      '\\# Title - jane-smith + 2 = 3 #1',
    );
    expect(escapeText('jane-smith', 'markdown')).toBe('jane-smith');
    expect(escapeText('a\n- b - c', 'teams')).toBe('a\n\\- b - c');
  });

  it('escapes ordered-list markers of any number of digits, and only at the start of a line', () => {
    expect(escapeText('1. first', 'markdown')).toBe('1\\. first');
    expect(escapeText('10. tenth', 'markdown')).toBe('10\\. tenth');
    expect(escapeText('2024) year', 'teams')).toBe('2024\\) year');
    expect(escapeText('  12. indented', 'markdown')).toBe('  12\\. indented');
    expect(escapeText('ok\n300. third', 'markdown')).toBe('ok\n300\\. third');
    expect(escapeText('1. a 2. b 3) c', 'markdown')).toBe('1\\. a 2. b 3) c');
    expect(escapeText('Version 2.5 is out', 'markdown')).toBe('Version 2.5 is out');
    expect(escapeText('1.5', 'markdown')).toBe('1\\.5');
  });

  it('turns a quote marker into &gt; in Markdown, and backslash-escapes it in Teams, which renders no HTML', () => {
    expect(escapeText('> quoted', 'markdown')).toBe('&gt; quoted');
    expect(escapeText('> quoted', 'teams')).toBe('\\> quoted');
    expect(escapeText('a\n  > quoted', 'teams')).toBe('a\n  \\> quoted');
    expect(escapeText('a > b', 'teams')).toBe('a > b');
  });

  it('HTML-escapes <, > and entity-like & in Markdown, leaving a bare & alone', () => {
    expect(escapeText('<b>', 'markdown')).toBe('&lt;b&gt;');
    expect(escapeText('<>', 'markdown')).toBe('&lt;&gt;');
    expect(escapeText('a < b > c', 'markdown')).toBe('a &lt; b &gt; c');
    expect(escapeText('&amp; &#38; &#x26; &lt;', 'markdown')).toBe('&amp;amp; &amp;#38; &amp;#x26; &amp;lt;');
    expect(escapeText('AT&T & co; R&D', 'markdown')).toBe('AT&T & co; R&D');
    expect(escapeText('&;', 'markdown')).toBe('&;');
    expect(escapeText('&#;', 'markdown')).toBe('&#;');
  });

  it('backslash-escapes < and entity-like & in Teams, so neither an autolink nor an entity is decoded', () => {
    expect(escapeText('<b>', 'teams')).toBe('\\<b>');
    expect(escapeText('<', 'teams')).toBe('\\<');
    expect(escapeText('a < b < c', 'teams')).toBe('a \\< b \\< c');
    expect(escapeText('&lt; &#60; &#x3c;', 'teams')).toBe('\\&lt; \\&#60; \\&#x3c;');
    expect(escapeText('AT&T & co; R&D', 'teams')).toBe('AT&T & co; R&D');
    expect(escapeText('&;', 'teams')).toBe('&;');
  });

  it('leaves plain text as typed', () => {
    expect(escapeText('# <b> & *x*\n1. y', 'text')).toBe('# <b> & *x*\n1. y');
  });

  it('refuses a text that is not a string and an unknown format, naming the argument', () => {
    expect(thrown(() => escapeText(42 as never, 'markdown')).message).toBe(
      'Invalid text: expected a string, got 42',
    );
    const format = thrown(() => escapeText('a', 'html' as never));
    expect(format.code).toBe('invalid_input');
    expect(format.message).toMatch(/format.*markdown, slack, teams, text/);
    expect(thrown(() => escapeText('a', 'text', null as never)).code).toBe('invalid_input');
  });

  it('takes the options object as given: singleLine only when it is true', () => {
    expect(escapeText('a\nb', 'text', {})).toBe('a\nb');
    expect(escapeText('a\nb', 'text', { singleLine: false })).toBe('a\nb');
    expect(escapeText('a\nb', 'text', { singleLine: true })).toBe('a b');
  });
});

describe('mention', () => {
  const jane = { id: 'jane', name: 'Jane *Smith*', handle: '@jane_smith', slackUserId: 'U024BE7LH' };

  it('uses the Slack user id only in Slack', () => {
    expect(mention(jane, 'slack')).toBe('<@U024BE7LH>');
    expect(mention(jane, 'markdown')).toBe('@jane\\_smith');
    expect(mention(jane, 'teams')).toBe('@jane\\_smith');
    expect(mention(jane, 'text')).toBe('@jane_smith');
  });

  it('falls back to the handle, then the name, escaped for the format', () => {
    expect(mention({ id: 'jane', name: 'Jane <Smith>', handle: '@jane' }, 'slack')).toBe('@jane');
    expect(mention({ id: 'jane', name: 'Jane <Smith>' }, 'slack')).toBe('Jane &lt;Smith&gt;');
    // A person not in the schema's form is parsed like any other input: trimmed, or refused.
    expect(mention({ id: 'jane', name: '  Jane <Smith> ' }, 'slack')).toBe('Jane &lt;Smith&gt;');
    expect(mention({ id: 'jane', name: 'Jane *Smith*' }, 'markdown')).toBe('Jane \\*Smith\\*');
  });

  it('refuses what is not a person, with the field that is wrong', () => {
    for (const person of [
      null,
      'jane',
      { id: 'jane' },
      { id: 'jane', name: 7 },
      { id: 'jane', name: 'Jane', handle: 7 },
      { id: 'jane', name: 'Jane', slackUserId: 7 },
      { id: 'jane', name: 'Jane', slackUserId: '' },
      { id: 'jane', name: 'Jane', team: 'sre' },
      { id: 7, name: 'Jane' },
    ]) {
      const error = thrown(() => mention(person as never, 'slack'));
      expect(error.code, JSON.stringify(person)).toBe('invalid_input');
      expect(error.message, JSON.stringify(person)).toMatch(/^Invalid person:/);
    }
  });
});

describe('truncateText', () => {
  it('returns text up to the limit as it is, and cuts longer text with a marker inside the limit', () => {
    expect(truncateText('abc', 3)).toBe('abc');
    expect(truncateText('abc', 0)).toBe(''); // not even the marker fits
    expect(truncateText('abc', 10)).toBe('abc');
    expect(truncateText('abcd', 3)).toBe('ab…');
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('abcdef', 1)).toBe('…');
  });

  it('never cuts inside a grapheme', () => {
    const family = '👩‍👩‍👧‍👦'; // 11 UTF-16 code units
    expect(truncateText(`ab${family}cd`, 8)).toBe('ab…');
    expect(truncateText(`ab${family}cd`, 14)).toBe(`ab${family}…`);
    expect(truncateText('ae\u0301e\u0301z', 3)).toBe('a…');
    expect(truncateText('ae\u0301e\u0301z', 4)).toBe('ae\u0301…');
  });

  it('never leaves half an entity at the cut', () => {
    expect(truncateText('x &amp; y', 5)).toBe('x …');
    expect(truncateText('x &#38; y', 6)).toBe('x …');
    expect(truncateText('x &amp; y', 9)).toBe('x &amp; y');
    expect(truncateText('x &amp; y z', 9)).toBe('x &amp; …');
    expect(truncateText('x & y z', 4)).toBe('x …');
  });

  it('never leaves a dangling escape backslash, and keeps an escaped backslash whole', () => {
    // `ab\*cd`: the backslash escapes the star; cutting after it would escape the marker instead.
    expect(truncateText('ab\\*cd', 4)).toBe('ab…');
    // `ab\\cd`: an escaped backslash, kept whole.
    expect(truncateText('ab\\\\cd', 5)).toBe('ab\\\\…');
    // `a\\\*b`: an escaped backslash, then an escaped star: the pair stays, the single one goes.
    expect(truncateText('a\\\\\\*b', 5)).toBe('a\\\\…');
    expect(truncateText('a\\\\\\\\*b', 6)).toBe('a\\\\\\\\…');
  });

  it('refuses a text that is not a string and a limit that is not a number of at least 0', () => {
    expect(thrown(() => truncateText(7 as never, 3)).message).toBe('Invalid text: expected a string, got 7');
    for (const max of [-1, Number.NaN, '3', null]) {
      expect(thrown(() => truncateText('abc', max as never)).message, String(max)).toMatch(
        /^Invalid max: expected a number of at least 0, got /,
      );
    }
    expect(truncateText('', 0)).toBe('');
  });
});
