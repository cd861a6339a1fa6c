// The attendee page rendered to HTML on the server, from the same Svelte component the browser
// runs: a phone on a slow wifi sees the plan before any script has arrived, and the browser then
// takes the page over (hydrates it). Built by `npm run build` into dist/server/.
import { render } from 'svelte/server';
import type { Snapshot } from '../shared/protocol.ts';
import { renderWith } from './lib/first-plan.ts';
import { i18n } from './lib/i18n/i18n.svelte.ts';
import type { Language } from '../shared/language.ts';
import AttendeeView from './views/AttendeeView.svelte';

export function renderAttendeePage(snapshot: Snapshot, language: Language): { head: string; body: string } {
  renderWith(snapshot);
  i18n.language = language;
  try {
    // The result renders when read: read it while the snapshot is in place.
    const { head, body } = render(AttendeeView, { props: { slug: snapshot.board.event.slug } });
    return { head, body };
  } finally {
    renderWith(undefined);
  }
}
