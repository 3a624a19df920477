// On-call: who is on call, the final schedule of a week, its coverage, whom level 1 and 2 of an escalation policy
// page, and a calendar feed. The schedule is examples/data/oncall-schedule.json (docs/oncall.md draws it).
import { readFileSync } from 'node:fs';
import {
  type EscalationPolicyInput,
  getEscalationStep,
  getFinalSchedule,
  getMemberName,
  getScheduleCoverage,
  resolveEscalation,
  type ScheduleInput,
  scheduleToICalendar,
  whoIsOnCall,
} from 'incident-kit/oncall';

const schedule: ScheduleInput = JSON.parse(
  readFileSync(new URL('./data/oncall-schedule.json', import.meta.url), 'utf8'),
);
const week = { from: '2024-03-28T00:00:00+01:00', to: '2024-04-04T00:00:00+02:00' };

// Times shown in the schedule's zone, read by Intl: the library itself never uses the host's zone.
const berlin = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  weekday: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const local = (at: string) => berlin.format(new Date(at));

const now = whoIsOnCall(schedule, '2024-03-30T12:00:00+01:00');
console.log(`Saturday noon: ${now ? `${getMemberName(now.member)} until ${local(now.until)}` : 'nobody'}`);

console.log('\nFinal schedule, Thursday 28 March to Thursday 4 April (Berlin time):');
for (const entry of getFinalSchedule(schedule, week)) {
  const who = entry.member === null ? '(nobody)' : getMemberName(entry.member);
  const source = entry.source.type === 'layer' ? `layer ${entry.source.layerIndex + 1}` : entry.source.type;
  console.log(`  ${local(entry.from)} – ${local(entry.until)}  ${who.padEnd(12)} ${source}`);
}

const coverage = getScheduleCoverage(schedule, week);
console.log(
  `\nCoverage: ${coverage.coveragePercent}%, ${coverage.gaps.length} gaps, ${coverage.overlaps.length} overlaps`,
);
for (const { member, minutes, shifts } of coverage.members) {
  console.log(`  ${getMemberName(member).padEnd(12)} ${(minutes / 60).toFixed(1)} h in ${shifts} shifts`);
}

const policy: EscalationPolicyInput = {
  id: 'payments',
  levels: [
    { delayMinutes: 5, targets: [{ type: 'schedule', scheduleId: 'payments-primary' }] },
    {
      delayMinutes: 15,
      targets: [
        { type: 'role', role: 'incident_commander' },
        { type: 'person', person: { id: 'mia', name: 'Mia Chen (engineering manager)' } },
      ],
    },
  ],
  loops: 1,
};
const roles = [
  {
    role: 'incident_commander',
    person: { id: 'jane', name: 'Jane Smith' },
    from: '2024-04-02T10:10:00.000Z',
  },
];
const pagedAt = '2024-04-02T10:05:00Z';
for (const page of [1, 2]) {
  const step = getEscalationStep(policy, page);
  if (step === null) break;
  const at = new Date(Date.parse(pagedAt) + (page - 1) * 5 * 60_000).toISOString();
  const { people, targets } = resolveEscalation(policy, step.level, at, { schedules: [schedule], roles });
  const unresolved = targets.filter((target) => target.problem).map((target) => target.problem);
  console.log(
    `\nPage ${page} at ${local(at)}: level ${step.level}, loop ${step.loop}, paging ${people.map(getMemberName).join(' and ')}${unresolved.length ? ` (${unresolved.join(', ')})` : ''}; escalates after ${step.escalateAfterMinutes} min`,
  );
}

const calendar = scheduleToICalendar(schedule, {
  ...week,
  now: '2024-03-27T12:00:00Z',
  member: { id: 'ben', name: 'Ben Okafor' },
});
console.log(
  `\nBen's calendar feed: ${calendar.split('\r\n').filter((line) => line === 'BEGIN:VEVENT').length} events`,
);
console.log(calendar.split('\r\n').slice(6, 15).join('\n'));
