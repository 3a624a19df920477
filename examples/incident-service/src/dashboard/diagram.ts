// Draws the lifecycle diagram as SVG from the Mermaid text `getLifecycleDiagram()` returns (no Mermaid runtime, no
// network): one box per status, one arrow per pair of statuses labelled with their events, the current status
// highlighted and the arrows leaving it emphasised.
import { INCIDENT_STATUSES, type IncidentStatus } from 'incident-kit';

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

const MAIN: readonly IncidentStatus[] = INCIDENT_STATUSES.filter((status) => status !== 'cancelled');
const BOX_W = 112;
const BOX_H = 34;
const STEP = 150;
const LEFT = 46;
const ROW_Y = 110;
const CANCEL_Y = 300;

function box(status: string): { x: number; y: number } {
  if (status === 'cancelled') return { x: LEFT + STEP * 2.5, y: CANCEL_Y };
  return { x: LEFT + STEP * MAIN.indexOf(status as IncidentStatus), y: ROW_Y };
}

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] as string,
  );

/** The SVG markup of the diagram, with `current` highlighted. */
export function diagramSvg(mermaid: string, current: string): string {
  const arrows = parseDiagram(mermaid);
  const parts: string[] = [];
  const cancelLabels = new Set<string>();
  for (const arrow of arrows) {
    const hot = arrow.from === current;
    const cls = `edge${hot ? ' hot' : ''}`;
    if (arrow.from === '[*]') {
      const to = box(arrow.to);
      parts.push(`<circle class="start" cx="${to.x - 28}" cy="${to.y + BOX_H / 2}" r="7"/>`);
      parts.push(line(to.x - 21, to.y + BOX_H / 2, to.x - 2, to.y + BOX_H / 2, 'edge'));
      continue;
    }
    if (arrow.to === '[*]') {
      const from = box(arrow.from);
      const x = from.x + BOX_W + 28;
      const y = from.y + BOX_H / 2;
      parts.push(line(from.x + BOX_W, y, x - 9, y, 'edge'));
      parts.push(
        `<circle class="end-ring" cx="${x}" cy="${y}" r="8"/><circle class="end" cx="${x}" cy="${y}" r="4"/>`,
      );
      continue;
    }
    const from = box(arrow.from);
    const to = box(arrow.to);
    if (arrow.to === 'cancelled') {
      cancelLabels.add(arrow.label);
      parts.push(
        line(from.x + BOX_W / 2, from.y + BOX_H, to.x + BOX_W / 2, to.y, cls, `${arrow.from} → ${arrow.to}`),
      );
      continue;
    }
    const i = MAIN.indexOf(arrow.from as IncidentStatus);
    const j = MAIN.indexOf(arrow.to as IncidentStatus);
    if (j === i + 1) {
      const y = from.y + BOX_H / 2;
      parts.push(line(from.x + BOX_W, y, to.x - 2, y, cls, `${arrow.from} → ${arrow.to}`));
      parts.push(label((from.x + BOX_W + to.x) / 2, from.y - 8, arrow.label, hot));
      continue;
    }
    // Skipping forward: an arc above the row; going back: an arc below it.
    const above = j > i;
    const span = Math.abs(j - i);
    const x1 = from.x + BOX_W / 2 + (above ? 10 : -10);
    const x2 = to.x + BOX_W / 2 + (above ? -10 : 10);
    const y1 = above ? from.y : from.y + BOX_H;
    const bend = above ? -(34 + 12 * span) : 34 + 12 * span;
    const apex = y1 + bend * 0.75;
    parts.push(
      `<path class="${cls}" d="M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y1 + bend}, ${x2} ${y1 + (above ? -2 : 2)}" marker-end="url(#arrow)"><title>${escapeXml(`${arrow.from} → ${arrow.to}`)}</title></path>`,
    );
    parts.push(label((x1 + x2) / 2, above ? apex - 4 : apex + 12, arrow.label, hot));
  }
  const cancelled = box('cancelled');
  parts.push(
    label(
      cancelled.x + BOX_W / 2,
      cancelled.y + BOX_H + 16,
      `${[...cancelLabels].join(', ')} (from any open status)`,
      false,
    ),
  );
  for (const status of [...MAIN, 'cancelled']) {
    const { x, y } = box(status);
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
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${CANCEL_Y + BOX_H + 30}" role="img" aria-label="Incident lifecycle, now ${escapeXml(current)}">` +
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z"/></marker></defs>' +
    `${parts.join('')}</svg>`
  );
}

function line(x1: number, y1: number, x2: number, y2: number, cls: string, title?: string): string {
  return `<line class="${cls}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" marker-end="url(#arrow)">${title ? `<title>${escapeXml(title)}</title>` : ''}</line>`;
}

function label(x: number, y: number, text: string, hot: boolean): string {
  return `<text class="label${hot ? ' hot' : ''}" x="${x}" y="${y}">${escapeXml(text)}</text>`;
}
