// What the CLI prints comes from its input files (titles, summaries, error messages quoting them): a title holding
// `\u001b]52;c;…\u0007` would write to the terminal's clipboard, `\u001b[2J` would clear the screen. Everything the
// CLI prints goes through `printable` first.

// Patterns as strings (compiled below): a regular expression literal may not hold control characters.
// ESC sequences: CSI (`ESC [` parameters, intermediates, a final byte), the string commands OSC, DCS, SOS, PM and
// APC (`ESC ]`, `ESC P`, `ESC X`, `ESC ^`, `ESC _`, up to BEL or ST, or the end of the line), and two-byte escapes.
const ESCAPE_PATTERN = String.raw`\u001b(?:\[[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]|[\]PX^_][^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?|[\u0020-\u002f]*[\u0030-\u007e])?`;
// The same in their 8-bit (C1) forms: CSI is U+009B; OSC, DCS, SOS, PM, APC are U+009D, U+0090, U+0098, U+009E,
// U+009F.
const C1_PATTERN = String.raw`\u009b[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]|[\u0090\u0098\u009d\u009e\u009f][^\u0007\u001b\u009c\n]*(?:\u0007|\u001b\\|\u009c)?`;
// Whatever control characters are left: C0 but tab and line feed, DEL, C1.
const CONTROL_PATTERN = String.raw`[\u0000-\u0008\u000b-\u001f\u007f-\u009f]`;
const ESCAPE_SEQUENCE = new RegExp(ESCAPE_PATTERN, 'g');
const C1_SEQUENCE = new RegExp(C1_PATTERN, 'g');
const CONTROL = new RegExp(CONTROL_PATTERN, 'g');
const HAS_CONTROL = new RegExp(CONTROL_PATTERN);

/**
 * Text safe to write to a terminal: escape and control sequences (ESC, OSC, CSI, their 8-bit forms) and every C0
 * and C1 control character removed, except line feed and tab.
 *
 * @param text - what the CLI is about to print
 * @returns the text without control sequences
 * @example
 * printable('Auth \u001b]52;c;SGk=\u0007down\u001b[2J');
 * //=> 'Auth down'
 */
export function printable(text: string): string {
  if (!HAS_CONTROL.test(text)) return text;
  return text.replace(ESCAPE_SEQUENCE, '').replace(C1_SEQUENCE, '').replace(CONTROL, '');
}

/**
 * A file's text as the CLI reads it: without a UTF-8 byte-order mark (Windows editors write one), so the first line
 * of a JSONL file or a JSON document parses. Line ends are handled where lines are split (`\r\n` and `\n`).
 *
 * @param text - the file's text
 * @returns the text without a leading byte-order mark
 * @example
 * withoutBom('\ufeff{"a":1}');
 * //=> '{"a":1}'
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
