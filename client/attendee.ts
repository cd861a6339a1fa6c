// The script of the server-rendered attendee page: it takes the page over where it stands
// (hydrates it). Its own entry, so that the view, its styles and the Svelte runtime come as
// static imports — no loader adding links for styles the page has inline already, no App with
// every other screen's routes. A page the offline cache served for another address, or one
// rendered without a plan, starts the whole app instead.
import { hydrate } from 'svelte';
import { firstPlan } from './lib/first-plan.ts';
import { parseRoute } from './lib/routes.ts';
import AttendeeView from './views/AttendeeView.svelte';
import './app.css';

const target = document.getElementById('app')!;
const route = parseRoute(location.pathname);

if (route.view === 'attendee' && target.dataset.rendered === 'attendee' && firstPlan(route.slug)) {
  // Taking the page over waits until the plan is painted, in a task of its own: on a slow phone
  // the scripts may be ready before the first paint, which would otherwise wait for them, and
  // the main thread is free in between (for a tap, a scroll).
  await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
  hydrate(AttendeeView, { target, props: { slug: route.slug } });
} else {
  await import('./main.ts');
}
