import { toDirectedGraph } from 'xstate/graph';
import { incidentMachine } from './incident-machine';
import { INCIDENT_STATUSES } from './incident-status';

/**
 * The lifecycle as a Mermaid `stateDiagram-v2`, generated from `incidentMachine` itself: one arrow per pair of
 * statuses, labelled with the events that move between them. Events that keep the status (notes, updates, roles,
 * severity, ticks) are left out; `getAllowedEvents` and docs/lifecycle.md list them.
 *
 * @returns the Mermaid source
 * @example
 * getLifecycleDiagram().split('\n').slice(0, 3);
 * //=> ['stateDiagram-v2', '  [*] --> detected', '  detected --> acknowledged: acknowledge']
 */
export function getLifecycleDiagram(): string {
  const arrows = new Map<string, string[]>();
  for (const node of toDirectedGraph(incidentMachine).children) {
    for (const edge of node.edges) {
      if (!edge.transition.target || edge.source.key === edge.target.key) continue;
      const key = `${edge.source.key} --> ${edge.target.key}`;
      const labels = arrows.get(key) ?? [];
      if (!labels.includes(edge.label.text)) labels.push(edge.label.text);
      arrows.set(key, labels);
    }
  }
  const order = (key: string) =>
    key.split(' --> ').map((status) => INCIDENT_STATUSES.indexOf(status as never));
  const sorted = [...arrows.keys()].sort((a, b) => {
    const [a1 = 0, a2 = 0] = order(a);
    const [b1 = 0, b2 = 0] = order(b);
    return a1 - b1 || a2 - b2;
  });
  return [
    'stateDiagram-v2',
    `  [*] --> ${incidentMachine.config.initial as string}`,
    ...sorted.map((key) => `  ${key}: ${arrows.get(key)?.join(', ')}`),
    '  closed --> [*]',
    '  cancelled --> [*]',
  ].join('\n');
}
