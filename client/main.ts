import { hydrate, mount } from 'svelte';
import App from './App.svelte';
import { firstPlan } from './lib/first-plan.ts';
import { parseRoute } from './lib/routes.ts';
import './app.css';

const target = document.getElementById('app')!;
const route = parseRoute(location.pathname);

// The attendee page arrives rendered with its plan: the browser takes it over where it stands.
// Anything else (or a page the offline cache served for another address) starts from scratch.
if (route.view === 'attendee' && target.dataset.rendered === 'attendee' && firstPlan(route.slug)) {
  const { default: AttendeeView } = await import('./views/AttendeeView.svelte');
  hydrate(AttendeeView, { target, props: { slug: route.slug } });
} else {
  target.replaceChildren();
  mount(App, { target });
}
