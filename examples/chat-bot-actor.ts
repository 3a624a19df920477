// A chat-bot style loop around the in-process actor: commands come in as text, effects go out as chat messages,
// and the actor's timer escalates a page nobody acknowledges. A simulated clock makes the run instant.
import { createIncidentActor, type IncidentEmitted, type IncidentEventInput } from 'incident-kit';
import { SimulatedClock } from 'xstate';

const clock = new SimulatedClock();
clock.set(Date.parse('2024-01-15T14:20:00Z'));
const now = () => new Date(clock.now()).toISOString();
const jane = { id: 'jane', name: 'Jane Smith', handle: '@jane-smith' };

const actor = createIncidentActor(
  {
    declaration: {
      id: 'INC-42',
      title: 'Checkout latency',
      at: now(),
      alert: { name: 'CheckoutP99High', severity: 'critical' },
    },
  },
  { clock },
);

// Effects are data: the bot decides what to do with them.
actor.on('*', (emitted: IncidentEmitted) => {
  if (emitted.type === 'rejected') console.log(`bot> sorry: ${emitted.error.message}`);
  else if (emitted.type === 'page')
    console.log(`bot> paging on-call, level ${emitted.level} (${emitted.reason})`);
  else if (emitted.type === 'stop_paging') console.log(`bot> paging stopped (${emitted.reason})`);
  else if (emitted.type === 'open_channel') console.log(`bot> created #${emitted.name}`);
  else if (emitted.type === 'remind_update')
    console.log(`bot> reminder ${emitted.count}: ${emitted.deadline} was due ${emitted.dueAt}`);
  else console.log(`bot> (${emitted.type})`);
});
actor.start();

// Nobody acknowledges for 6 minutes: the ack deadline (5 min for a SEV2) escalates.
clock.increment(6 * 60_000);

const commands: Record<string, (text: string) => IncidentEventInput> = {
  '/ack': () => ({ type: 'acknowledge', at: now(), by: jane }),
  '/triage': () => ({ type: 'start_triage', at: now(), by: jane }),
  // Straight after /ack is fine: triage is implied and recorded at the same time.
  '/mitigate': (text) => ({
    type: 'start_mitigation',
    at: now(),
    by: jane,
    kind: 'rollback',
    description: text,
  }),
  '/ic': () => ({ type: 'assign_role', at: now(), by: jane, role: 'incident_commander', person: jane }),
  '/resolve': (text) => ({ type: 'resolve', at: now(), by: jane, summary: text || 'Resolved' }),
  '/close': () => ({ type: 'close', at: now(), by: jane }),
  '/note': (text) => ({ type: 'add_note', at: now(), by: jane, text }),
};

for (const line of [
  '/ack',
  '/close',
  '/mitigate roll back checkout 2.3',
  '/ic',
  '/note p99 back to 300 ms',
]) {
  const [command = '', ...words] = line.split(' ');
  console.log(`jane> ${line}`);
  const build = commands[command];
  if (build) actor.send(build(words.join(' ')));
  clock.increment(60_000);
}

// Forty quiet minutes: the overdue updates are reminded, again every 10 minutes (the SEV2 policy), up to 3 times.
// (A SimulatedClock runs one round of timers per increment, so time moves a minute at a time.)
for (let minute = 0; minute < 40; minute++) clock.increment(60_000);
console.log(`status: ${actor.getState().status}, ${actor.getState().timeline.length} timeline entries`);
actor.stop();
