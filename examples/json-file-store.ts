// The stateless step API with a JSON file as the store, as a bot or queue worker would use it: load, apply, save,
// act on the effects. Every write is a versioned envelope that restoreIncident validates on the way back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyEvent,
  createIncident,
  getPendingDeadlines,
  type IncidentEventInput,
  type IncidentState,
  restoreIncident,
  serializeIncident,
} from 'incident-kit';

const dir = mkdtempSync(join(tmpdir(), 'incident-kit-'));
const file = (id: string) => join(dir, `${id}.json`);

function save(state: IncidentState): void {
  writeFileSync(file(state.id), JSON.stringify(serializeIncident(state)));
}

function load(id: string): IncidentState {
  const restored = restoreIncident(readFileSync(file(id), 'utf8'));
  if (!restored.ok) throw restored.error;
  return restored.value;
}

/** One request: load, step, save. A refused event is reported and nothing is written. */
function handle(id: string, event: IncidentEventInput): void {
  const result = applyEvent(load(id), event);
  if (!result.ok) {
    console.log(`refused ${event.type}: ${result.error.message}`);
    return;
  }
  save(result.state);
  console.log(
    `${event.type} → ${result.state.status}; effects: ${result.effects.map((effect) => effect.type).join(', ') || 'none'}`,
  );
  // Deadlines are data: hand the next one not yet acted on to a durable scheduler, which sends a tick then.
  const [next] = getPendingDeadlines(result.state);
  console.log(
    `   schedule a tick for ${next ? `${next.tickAt} (${next.deadline})` : 'nothing: no deadline is pending'}`,
  );
}

const created = createIncident({
  id: 'INC-7',
  title: 'Search is slow',
  at: '2024-01-15T09:00:00Z',
  severity: 'SEV3',
});
if (!created.ok) throw created.error;
save(created.state);

handle('INC-7', { type: 'acknowledge', at: '2024-01-15T09:03:00Z' });
handle('INC-7', { type: 'close', at: '2024-01-15T09:04:00Z' });
handle('INC-7', { type: 'start_triage', at: '2024-01-15T09:05:00Z' });
handle('INC-7', { type: 'tick', at: '2024-01-15T10:10:00Z' });

// Someone edits the file by hand: the state no longer matches its digest, so restoring refuses it (digest_mismatch).
// The digest is a checksum, not a signature: an edit that recomputes it is caught by the invariant checks instead
// (inconsistent_state) when the state contradicts its own timeline.
writeFileSync(file('INC-7'), readFileSync(file('INC-7'), 'utf8').replace('"SEV3"', '"SEV1"'));
const edited = restoreIncident(readFileSync(file('INC-7'), 'utf8'));
console.log(`after a hand edit: ${edited.ok ? 'accepted' : edited.error.code}`);
rmSync(dir, { recursive: true, force: true });
