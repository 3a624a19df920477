import * as z from 'zod';
import { parseInput } from '../errors';
import { invalidArgument } from '../internal/arguments';
import { TimestampSchema } from '../time/timestamp';

// Letters NFKD does not decompose into an ASCII base letter plus a mark.
const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

const MAX_LENGTH = 80;

/**
 * Turns any text into a Slack-safe slug: lowercase ASCII letters and digits separated by single `-`, accents folded
 * (`Zürich` → `zurich`), emoji and punctuation dropped. May be empty when the text has no letters or digits.
 *
 * @param text - any text
 * @returns the slug
 * @throws {IncidentKitError} `invalid_input` for something that is not a string
 * @example
 * slugify('Auth Service: Degraded! 🔥');
 * //=> 'auth-service-degraded'
 */
export function slugify(text: string): string {
  if (typeof text !== 'string') throw invalidArgument('text', 'a string', text);
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæøœłđðþı]/g, (letter) => SPECIAL_LETTERS[letter] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * Input to {@link incidentChannelName}: the incident's date and its title (or a slug you chose).
 *
 * @example
 * IncidentChannelNameInputSchema.parse({ date: '2024-01-15T14:20:00Z', title: 'Auth down' }).date;
 * //=> '2024-01-15T14:20:00.000Z'
 */
export const IncidentChannelNameInputSchema = z
  .strictObject({
    date: TimestampSchema,
    title: z.string().optional(),
    slug: z.string().optional(),
    prefix: z.string().default('incident'),
  })
  .refine((input) => input.title !== undefined || input.slug !== undefined, {
    message: 'Give a title or a slug',
    path: ['title'],
  });

/**
 * A channel name such as `incident-2024-01-15-auth-down`, valid under Slack's rules for any input: lowercase
 * letters, digits, `-` and `_`, at most 80 characters, never only punctuation. The date is the UTC calendar date.
 * Long titles are cut at a word boundary where one falls in the last 20 characters.
 *
 * @param input - `date`, and `title` or `slug`; optional `prefix` (default `incident`)
 * @returns the channel name, without `#`
 * @throws {IncidentKitError} `invalid_input` for a malformed date or neither title nor slug
 * @example
 * incidentChannelName({ date: '2024-01-15T14:20:00Z', title: 'Auth down' });
 * //=> 'incident-2024-01-15-auth-down'
 */
export function incidentChannelName(input: z.input<typeof IncidentChannelNameInputSchema>): string {
  const { date, title, slug, prefix } = parseInput(
    IncidentChannelNameInputSchema,
    input,
    'channel name input',
  );
  const head = `${slugify(prefix) || 'incident'}`.slice(0, 40);
  const day = date.slice(0, 10);
  const words = slugify(slug ?? title ?? '');
  const full = words ? `${head}-${day}-${words}` : `${head}-${day}`;
  if (full.length <= MAX_LENGTH) return full;
  const cut = full.slice(0, MAX_LENGTH);
  const boundary = cut.lastIndexOf('-');
  return (boundary >= MAX_LENGTH - 20 ? cut.slice(0, boundary) : cut).replace(/-+$/, '');
}
