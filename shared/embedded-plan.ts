// The plan a server-rendered page carries, as a JSON script element: written by the server,
// read by the client (client/lib/first-plan.ts). Beside the snapshot, the event zone's offsets
// for the days ahead, so that the page can tell the event's time without starting Intl.
import type { Snapshot } from './protocol.ts';
import { zoneOffsets, type ZoneOffsets } from './schedule.ts';

export const EMBEDDED_PLAN_ID = 'first-plan';

export interface EmbeddedPlan {
  snapshot: Snapshot;
  zone: ZoneOffsets;
}

const DAY = 86_400_000;
/** However far off the camp is, a page is not kept open (or cached) for longer than this. */
const LONGEST_AHEAD = 400 * DAY;

/** The plan as a script element; `<` escaped, so that no title can close the element. */
export function embeddedPlan(snapshot: Snapshot, now: number): string {
  const { board } = snapshot;
  const lastDay = board.days.reduce((last, day) => Math.max(last, Date.parse(`${day.date}T00:00:00Z`)), now);
  // From yesterday (a phone's clock may be behind) to two days after the camp's last day.
  const zone = zoneOffsets(board.event.timezone, now - DAY, Math.min(lastDay + 3 * DAY, now + LONGEST_AHEAD));
  const plan: EmbeddedPlan = { snapshot, zone };
  return `<script type="application/json" id="${EMBEDDED_PLAN_ID}">${JSON.stringify(plan).replace(/</g, '\\u003c')}</script>`;
}
