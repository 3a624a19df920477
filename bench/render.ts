// Render benchmark (issue 4): the internal update in each format through incident-kit vs raw Handlebars running
// the same template source on the same data, in one run. Run: npm run bench:render
import Handlebars from 'handlebars';
import {
  BUILT_IN_TEMPLATES,
  MESSAGE_FORMATS,
  type MessageFormat,
  type MessageInputs,
  renderInternalUpdate,
} from 'incident-kit';
import { type BenchResult, isMain, measure, printResults } from './workload';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const RENDERS = 20_000;

const data: MessageInputs['internal_update'] = {
  title: 'Auth Service Degraded',
  severity: 'SEV2',
  status: 'Investigating',
  commander: { id: 'jane', name: 'Jane Smith', handle: '@jane-smith', slackUserId: 'U024BE7LH' },
  impact: ['Login failures for ~30% of users', 'API returning 503 errors'],
  actions: ['Investigating database connection pool exhaustion', 'DBA scaling up connection limits'],
  nextUpdateInMinutes: 15,
};

// Raw Handlebars: the same template, helpers doing the same formatting, the values as the template needs them,
// default (HTML) escaping, no validation.
function rawTemplate(format: MessageFormat) {
  const env = Handlebars.create();
  const wrap = (before: string, after = before) =>
    function (this: unknown, options: Handlebars.HelperOptions) {
      return `${before}${options.fn(this)}${after}`;
    };
  const bold = format === 'slack' ? wrap('*') : format === 'text' ? wrap('') : wrap('**');
  env.registerHelper({
    b: bold,
    h2: format === 'markdown' ? wrap('## ', '') : bold,
    h1: format === 'markdown' ? wrap('# ', '') : bold,
    bullet: () => (format === 'slack' ? '• ' : '- '),
  });
  return env.compile(BUILT_IN_TEMPLATES.internal_update);
}
const rawValues = { ...data, commander: '@jane-smith', nextUpdate: '15 minutes' };

/** Renders the internal update in each format through incident-kit and through raw Handlebars, interleaved. */
export function benchRender(): BenchResult {
  const ratios: string[] = [];
  const absolute: string[] = [];
  for (const format of MESSAGE_FORMATS) {
    const raw = rawTemplate(format);
    const ours = () => {
      for (let i = 0; i < RENDERS; i++) renderInternalUpdate(data, { format });
    };
    const bare = () => {
      for (let i = 0; i < RENDERS; i++) raw(rawValues);
    };
    const ms = measure({ ours, bare }, ROUNDS);
    const oursRate = RENDERS / (ms.ours / 1000);
    const bareRate = RENDERS / (ms.bare / 1000);
    ratios.push(
      `${`render ${format} / raw Handlebars`.padEnd(38)} ${(oursRate / bareRate).toFixed(2)}×  (target ≥ 0.80×)`,
    );
    absolute.push(
      `render ${format.padEnd(9)} incident-kit ${Math.round(oursRate).toLocaleString('en-US').padStart(9)} renders/s, raw Handlebars ${Math.round(bareRate).toLocaleString('en-US').padStart(9)} renders/s`,
    );
  }
  return {
    title: `render: internal update, ${RENDERS} renders, median of ${ROUNDS} rounds`,
    ratios,
    absolute,
  };
}

if (isMain(import.meta.url)) printResults([benchRender()]);
