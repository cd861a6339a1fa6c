// The plan a page was served with. The server renders the attendee page with the plan in it
// (visible before any script runs) and embeds the snapshot it used, so that the page goes live
// from there without asking again. On the server, the renderer hands the snapshot in directly.
import { EMBEDDED_PLAN_ID, type EmbeddedPlan } from '../../shared/embedded-plan.ts';
import type { Snapshot } from '../../shared/protocol.ts';
import { learnZoneOffsets } from '../../shared/schedule.ts';

let rendering: Snapshot | undefined;

/** For the server's renderer: the snapshot the page being rendered shows. */
export function renderWith(snapshot: Snapshot | undefined): void {
  rendering = snapshot;
}

let embedded: { snapshot: Snapshot | undefined } | undefined;

/** The snapshot embedded in this page, parsed on first use (the page and its store both ask). */
function embeddedInPage(): Snapshot | undefined {
  if (!embedded) {
    const text = document.getElementById(EMBEDDED_PLAN_ID)?.textContent;
    try {
      const plan = text ? (JSON.parse(text) as EmbeddedPlan) : undefined;
      if (plan) learnZoneOffsets(plan.zone);
      embedded = { snapshot: plan?.snapshot };
    } catch {
      embedded = { snapshot: undefined };
    }
  }
  return embedded.snapshot;
}

/** The snapshot of event `slug` this page came with, if any. */
export function firstPlan(slug: string): Snapshot | undefined {
  const snapshot = typeof document === 'undefined' ? rendering : embeddedInPage();
  return snapshot?.board.event.slug === slug ? snapshot : undefined;
}
