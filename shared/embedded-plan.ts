// The snapshot a server-rendered page carries, as a JSON script element: written by the server,
// read by the client (client/lib/first-plan.ts).
import type { Snapshot } from './protocol.ts';

export const EMBEDDED_PLAN_ID = 'first-plan';

/** The snapshot as a script element; `<` escaped, so that no title can close the element. */
export function embeddedSnapshot(snapshot: Snapshot): string {
  return `<script type="application/json" id="${EMBEDDED_PLAN_ID}">${JSON.stringify(snapshot).replace(/</g, '\\u003c')}</script>`;
}
