// Draws the lifecycle diagram as SVG from the Mermaid text `getLifecycleDiagram()` returns (no Mermaid runtime, no
// network): the statuses in lifecycle order on one row and `cancelled` below, an arrow per pair of statuses
// labelled with their events (forward jumps arc above the row, steps back arc below it, each arc in its own lane so
// labels never overlap), the current status highlighted and the arrows leaving it emphasised.
import { INCIDENT_STATUSES } from 'incident-kit';

export interface Arrow {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** Reads the arrows of a Mermaid `stateDiagram-v2` (`a --> b: label`, with `[*]` for start and end). */
export function parseDiagram(mermaid: string): Arrow[] {
  const arrows: Arrow[] = [];
  for (const line of mermaid.split('\n')) {
    const match = /^\s*(\S+)\s+-->\s+([^:\s]+)\s*(?::\s*(.*))?$/.exec(line);
    if (match)
      arrows.push({ from: match[1] as string, to: match[2] as string, label: (match[3] ?? '').trim() });
  }
  return arrows;
}

const MAIN: readonly string[] = INCIDENT_STATUSES.filter((status) => status !== 'cancelled');
const BOX_W = 112;
const BOX_H = 34;
const STEP = 150;
const LEFT = 46;
const LANE = 19;

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] as string,
  );

interface Arc extends Arrow {
  readonly side: 'top' | 'bottom';
  readonly start: number;
  readonly end: number;
  lane: number;
  x1: number;
  x2: number;
}

/** Puts each arc in the lowest lane where it overlaps no other arc of that lane, shortest arcs first. */
function assignLanes(arcs: Arc[]): number {
  const lanes: Arc[][] = [];
  for (const arc of [...arcs].sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start)) {
    let lane = lanes.findIndex((placed) =>
      placed.every((other) => other.end <= arc.start || arc.end <= other.start),
    );
    if (lane === -1) lane = lanes.push([]) - 1;
    lanes[lane]?.push(arc);
    arc.lane = lane;
  }
  return lanes.length;
}

/** The SVG markup of the diagram, with `current` highlighted. */
export function diagramSvg(mermaid: string, current: string): string {
  const arrows = parseDiagram(mermaid);
  const index = (status: string) => MAIN.indexOf(status);
  const arcs: Arc[] = [];
  const straight: Arrow[] = [];
  const cancels: Arrow[] = [];
  for (const arrow of arrows) {
    if (arrow.from === '[*]' || arrow.to === '[*]') continue;
    if (arrow.to === 'cancelled') cancels.push(arrow);
    else if (index(arrow.to) === index(arrow.from) + 1) straight.push(arrow);
    else {
      const [start, end] = [index(arrow.from), index(arrow.to)].sort((a, b) => a - b) as [number, number];
      const side = index(arrow.to) > index(arrow.from) ? 'top' : 'bottom';
      arcs.push({ ...arrow, side, start, end, lane: 0, x1: 0, x2: 0 });
    }
  }
  const above = assignLanes(arcs.filter((arc) => arc.side === 'top'));
  const below = assignLanes(arcs.filter((arc) => arc.side === 'bottom'));
  // Labels of arrows between neighbours stand above the gap, one event a line; the arcs' lanes start above them.
  const stacked = Math.max(1, ...straight.map((arrow) => arrow.label.split(', ').length));
  const labelRoom = 12 * stacked + 4;
  const rowY = 34 + labelRoom + LANE * above;
  const cancelY = rowY + BOX_H + 40 + LANE * below + 40;
  const boxX = (status: string) => (status === 'cancelled' ? LEFT + STEP * 2.5 : LEFT + STEP * index(status));

  // Where arcs meet a box: spread along its top or bottom edge, ordered by where the other end is.
  const ends = new Map<string, { arc: Arc | Arrow; other: number; set: (x: number) => void }[]>();
  const attach = (
    status: string,
    side: string,
    arc: Arc | Arrow,
    other: number,
    set: (x: number) => void,
  ) => {
    const key = `${status}:${side}`;
    ends.set(key, [...(ends.get(key) ?? []), { arc, other, set }]);
  };
  for (const arc of arcs) {
    attach(arc.from, arc.side, arc, boxX(arc.to), (x) => {
      arc.x1 = x;
    });
    attach(arc.to, arc.side, arc, boxX(arc.from), (x) => {
      arc.x2 = x;
    });
  }
  const cancelStarts = new Map<string, number>();
  for (const arrow of cancels) {
    attach(arrow.from, 'bottom', arrow, boxX('cancelled'), (x) => {
      cancelStarts.set(arrow.from, x);
    });
  }
  for (const [key, list] of ends) {
    const x = boxX(key.split(':')[0] as string);
    list.sort((a, b) => a.other - b.other);
    list.forEach((entry, position) => {
      entry.set(x + ((position + 1) * BOX_W) / (list.length + 1));
    });
  }

  const parts: string[] = [];
  const hot = (arrow: Arrow) => arrow.from === current;
  for (const arrow of arrows) {
    if (arrow.from === '[*]') {
      const x = boxX(arrow.to);
      parts.push(`<circle class="start" cx="${x - 28}" cy="${rowY + BOX_H / 2}" r="7"/>`);
      parts.push(line(x - 21, rowY + BOX_H / 2, x - 2, rowY + BOX_H / 2, 'edge'));
    } else if (arrow.to === '[*]') {
      const y = arrow.from === 'cancelled' ? cancelY + BOX_H / 2 : rowY + BOX_H / 2;
      const x = boxX(arrow.from) + BOX_W + 28;
      parts.push(line(x - 28, y, x - 9, y, 'edge'));
      parts.push(
        `<circle class="end-ring" cx="${x}" cy="${y}" r="8"/><circle class="end" cx="${x}" cy="${y}" r="4"/>`,
      );
    }
  }
  for (const arrow of straight) {
    const y = rowY + BOX_H / 2;
    const x1 = boxX(arrow.from) + BOX_W;
    const x2 = boxX(arrow.to);
    parts.push(line(x1, y, x2 - 2, y, edgeClass(hot(arrow)), `${arrow.from} → ${arrow.to}`));
    const lines = arrow.label.split(', ');
    lines.forEach((text, position) => {
      const last = position === lines.length - 1;
      parts.push(
        label(
          (x1 + x2) / 2,
          rowY - 6 - 12 * (lines.length - 1 - position),
          last ? text : `${text},`,
          hot(arrow),
          true,
        ),
      );
    });
  }
  for (const arc of arcs) {
    const up = arc.side === 'top';
    const y = up ? rowY : rowY + BOX_H;
    const level = up ? rowY - labelRoom - 10 - LANE * arc.lane : rowY + BOX_H + 22 + LANE * arc.lane;
    const r = 7;
    const dir = arc.x2 > arc.x1 ? 1 : -1;
    const bend = up ? r : -r;
    const d = [
      `M ${arc.x1} ${y}`,
      `L ${arc.x1} ${level + bend}`,
      `Q ${arc.x1} ${level} ${arc.x1 + dir * r} ${level}`,
      `L ${arc.x2 - dir * r} ${level}`,
      `Q ${arc.x2} ${level} ${arc.x2} ${level + bend}`,
      `L ${arc.x2} ${up ? y - 2 : y + 2}`,
    ].join(' ');
    parts.push(
      `<path class="${edgeClass(hot(arc))}" d="${d}" marker-end="url(#arrow)"><title>${escapeXml(`${arc.from} → ${arc.to}`)}</title></path>`,
    );
    parts.push(label((arc.x1 + arc.x2) / 2, up ? level - 4 : level + 12, arc.label, hot(arc), true));
  }
  const cancelX = boxX('cancelled') + BOX_W / 2;
  for (const arrow of cancels) {
    const x = cancelStarts.get(arrow.from) ?? boxX(arrow.from) + BOX_W / 2;
    parts.push(
      line(x, rowY + BOX_H, cancelX, cancelY - 2, edgeClass(hot(arrow)), `${arrow.from} → cancelled`),
    );
  }
  const cancelLabels = [...new Set(cancels.map((arrow) => arrow.label))].join('; ');
  parts.push(label(cancelX, cancelY + BOX_H + 16, `${cancelLabels} (from any open status)`, false));
  for (const status of [...MAIN, 'cancelled']) {
    const x = boxX(status);
    const y = status === 'cancelled' ? cancelY : rowY;
    const now = status === current;
    const final = status === 'closed' || status === 'cancelled';
    parts.push(
      `<g class="state${now ? ' current' : ''}${final ? ' final' : ''}" data-status="${status}"${now ? ' aria-current="step"' : ''}>` +
        `<rect x="${x}" y="${y}" width="${BOX_W}" height="${BOX_H}" rx="9"/>` +
        `<text x="${x + BOX_W / 2}" y="${y + BOX_H / 2 + 4}">${escapeXml(status)}</text></g>`,
    );
  }
  const width = LEFT + STEP * (MAIN.length - 1) + BOX_W + 50;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${cancelY + BOX_H + 28}" role="img" aria-label="Incident lifecycle, now ${escapeXml(current)}">` +
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>' +
    `${parts.join('')}</svg>`
  );
}

function edgeClass(hot: boolean): string {
  return `edge${hot ? ' hot' : ''}`;
}

function line(x1: number, y1: number, x2: number, y2: number, cls: string, title?: string): string {
  return `<line class="${cls}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#arrow)">${title ? `<title>${escapeXml(title)}</title>` : ''}</line>`;
}

function label(x: number, y: number, text: string, hot: boolean, boxed = false): string {
  return `<text class="label${hot ? ' hot' : ''}${boxed ? ' on-arc' : ''}" x="${x}" y="${y}">${escapeXml(text)}</text>`;
}
