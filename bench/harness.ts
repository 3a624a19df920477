// The benchmark harness: bodies timed in shuffled, paired rounds, ratios computed per round (ours against a baseline
// timed in the same round), and each target checked against the median ratio of the run. `bench/index.ts` runs it
// several times in separate processes and reports min / median / max over the runs.

/** One measured figure and the target it is held to. */
export interface Figure {
  /** Stable key, e.g. `replay.validated/bare`: the multi-run report groups by it. */
  readonly key: string;
  /** What a reader sees, e.g. `replayIncident (validated) / bare XState actor`. */
  readonly label: string;
  readonly value: number;
  /** `×` for a speed ratio (higher is better), `ms`, `kB`, `B`. */
  readonly unit: string;
  /** The target, if there is one: `{ op: '>=', value: 0.5 }` means the figure must be at least 0.5. */
  readonly target?: { readonly op: '>=' | '<='; readonly value: number };
}

/** What one benchmark module reports: target figures first, then absolute figures for context. */
export interface BenchResult {
  readonly title: string;
  readonly figures: readonly Figure[];
  readonly absolute: readonly string[];
}

/** Whether a figure meets its target (`true` when it has none). */
export function meets(figure: Pick<Figure, 'target'>, value: number): boolean {
  if (!figure.target) return true;
  return figure.target.op === '>=' ? value >= figure.target.value : value <= figure.target.value;
}

/** Deterministic pseudo-random numbers (an LCG), so every run measures the same inputs in the same orders. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
}

/** Milliseconds one call of `body` takes. */
export function time(body: () => void): number {
  const start = performance.now();
  body();
  return performance.now() - start;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Times several bodies in the same run: `warmUp` untimed rounds, then `rounds` rounds in which every body runs once,
 * in an order shuffled per round (so neither drift on a shared machine nor the garbage one body leaves favours
 * another). Returns each body's milliseconds, one sample per round, in round order.
 */
export function rounds<K extends string>(
  bodies: Record<K, () => void>,
  options: { readonly rounds: number; readonly warmUp?: number; readonly seed?: number },
): Record<K, number[]> {
  const names = Object.keys(bodies) as K[];
  const next = random(options.seed ?? 1);
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, number[]>;
  const warmUp = options.warmUp ?? 2;
  for (let round = 0; round < warmUp + options.rounds; round++) {
    const order = [...names];
    for (let index = order.length - 1; index > 0; index--) {
      const other = Math.floor(next() * (index + 1));
      [order[index], order[other]] = [order[other] as K, order[index] as K];
    }
    for (const name of order) {
      const ms = time(bodies[name]);
      if (round >= warmUp) samples[name].push(ms);
    }
  }
  return samples;
}

/**
 * The speed of `ours` relative to `baseline` in each round (baseline time / our time: 0.5× means we take twice as
 * long), and its median over the rounds.
 */
export function pairedRatio(ours: readonly number[], baseline: readonly number[]): number {
  return median(ours.map((ms, round) => (baseline[round] as number) / ms));
}

/** Events (or renders, or calls) per second from a median time in ms. */
export function perSecond(count: number, ms: number): string {
  return Math.round(count / (ms / 1000))
    .toLocaleString('en-US')
    .padStart(11);
}

/** Whether a module is the program being run (not imported by bench/index.ts). */
export function isMain(url: string): boolean {
  return process.argv[1] !== undefined && url.endsWith(process.argv[1].replace(/^.*\/bench\//, '/bench/'));
}

const formatValue = (value: number, unit: string) =>
  unit === '×' ? `${value.toFixed(2)}×` : `${value.toFixed(unit === 'ms' || unit === 'kB' ? 1 : 0)} ${unit}`;

const formatTarget = (figure: Figure) =>
  figure.target
    ? `${figure.target.op === '>=' ? '≥' : '≤'} ${formatValue(figure.target.value, figure.unit)}`
    : '';

/** Prints one run's results: every target figure first, then the absolute figures. */
export function printResults(results: readonly BenchResult[]): void {
  console.log(`incident-kit benchmarks, Node ${process.version}, ${new Date().toISOString()}\n`);
  console.log('Figures (ratios from the same run; target beside each):');
  for (const result of results) {
    for (const figure of result.figures) {
      const mark = figure.target ? (meets(figure, figure.value) ? 'met' : 'MISSED') : '';
      console.log(
        `  ${figure.label.padEnd(64)} ${formatValue(figure.value, figure.unit).padStart(10)}  ${formatTarget(figure).padEnd(10)} ${mark}`,
      );
    }
  }
  console.log('\nAbsolute figures (they drift between machines and runs):');
  for (const result of results) {
    console.log(`  ${result.title}`);
    for (const line of result.absolute) console.log(`    ${line}`);
  }
}

/** Prints figures gathered over several runs: min / median / max of each, and whether the median meets its target. */
export function printRuns(runs: readonly (readonly BenchResult[])[]): void {
  const byKey = new Map<string, { figure: Figure; values: number[] }>();
  for (const results of runs) {
    for (const result of results) {
      for (const figure of result.figures) {
        const entry = byKey.get(figure.key) ?? { figure, values: [] };
        entry.values.push(figure.value);
        byKey.set(figure.key, entry);
      }
    }
  }
  console.log(
    `\nOver ${runs.length} runs (separate processes): min / median / max, target, verdict on the median`,
  );
  for (const { figure, values } of byKey.values()) {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = median(values);
    const spread = [sorted[0] as number, middle, sorted.at(-1) as number]
      .map((value) => formatValue(value, figure.unit))
      .join(' / ');
    const mark = figure.target ? (meets(figure, middle) ? 'met' : 'MISSED') : '';
    console.log(
      `  ${figure.label.padEnd(64)} ${spread.padStart(28)}  ${formatTarget(figure).padEnd(10)} ${mark}`,
    );
  }
}
