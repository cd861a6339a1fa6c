// The plan a page was served with. The server renders the attendee page with the plan in it
// (visible before any script runs) and embeds the snapshot it used, so that the page goes live
// from there without asking again. On the server, the renderer hands the snapshot in directly.
import { EMBEDDED_PLAN_ID } from '../../shared/embedded-plan.ts';
import type { Snapshot } from '../../shared/protocol.ts';

let rendering: Snapshot | undefined;

/** For the server's renderer: the snapshot the page being rendered shows. */
export function renderWith(snapshot: Snapshot | undefined): void {
  rendering = snapshot;
}

/** The snapshot of event `slug` this page came with, if any (read once, then the store owns it). */
export function firstPlan(slug: string): Snapshot | undefined {
  if (typeof document === 'undefined') return rendering?.board.event.slug === slug ? rendering : undefined;
  const element = document.getElementById(EMBEDDED_PLAN_ID);
  if (!element?.textContent) return undefined;
  try {
    const snapshot = JSON.parse(element.textContent) as Snapshot;
    return snapshot.board.event.slug === slug ? snapshot : undefined;
  } catch {
    return undefined;
  }
}
