// npm run bench: every benchmark in one run, ratios first. Set BENCH_ROUNDS to trade time for stability.
import { benchDomain } from './domain';
import { benchEventIds } from './event-ids';
import { benchOncall } from './oncall';
import { benchRender } from './render';
import { benchReplay } from './replay';
import { printResults } from './workload';

printResults([benchReplay(), benchRender(), benchDomain(), benchEventIds(), benchOncall()]);
