// The demo barcamp of the seed story, created on an empty database so that a newcomer sees
// a real board at once.
import type { Store } from '../db/store.ts';
import { FrameSpecError } from '../shared/event-frame.ts';
import { createEvent, type CreatedEvent } from './create-event.ts';

export const DEMO_SLUG = 'demo';

const DEMO_SESSIONS = [
  {
    title: 'E-Akte-Einführung',
    host: 'Petra Wagner',
    description: 'Erfahrungen aus zwei Jahren Umstellung auf die elektronische Akte: was lief gut, was würden wir anders machen?',
    tags: ['E-Akte', 'Verwaltung'],
  },
  {
    title: 'DMS-Einführung',
    host: 'Jörg Klein',
    description: 'Ein Dokumentenmanagementsystem auswählen und einführen, ohne die Kolleginnen und Kollegen zu verlieren.',
    tags: ['DMS'],
  },
  {
    title: 'Netzwerke und Synergien nutzen',
    host: 'Aylin Demir',
    description: 'Wie Kommunen voneinander lernen können, statt alles doppelt zu bauen.',
    tags: ['Netzwerk'],
  },
  {
    title: 'Kulturwandel in der Verwaltung',
    host: 'Thomas Becker',
    description: 'Digitalisierung ist zuerst eine Frage der Haltung. Offene Runde.',
    tags: ['Kultur', 'Verwaltung'],
  },
  {
    title: 'Hybrid arbeiten: analog und digital',
    host: 'Sabine Hoffmann',
    description: 'Werkzeuge und Regeln für Teams, die halb im Büro und halb zu Hause sind.',
    tags: ['Arbeit'],
  },
  {
    title: 'Von Leuchtturmprojekten lernen',
    host: 'Markus Schulz',
    description: 'Drei Projekte, die funktioniert haben, und was man davon übertragen kann.',
    tags: ['Praxis'],
  },
];

/** Seeds the demo if the database holds no event at all; returns its key when it did. */
export async function seedDemoIfEmpty(store: Store, now = new Date()): Promise<CreatedEvent | undefined> {
  if ((await store.countEvents()) > 0) return undefined;
  // Several processes starting at once on one database: one makes the demo, the others find it made.
  try {
    return await createEvent(
      store,
      {
        slug: DEMO_SLUG,
        title: 'Barcamp Digitalisierung, Bochum',
        timezone: 'Europe/Berlin',
        locale: 'de',
        rooms: 'Großer Saal:80,Raum Ruhr:30,Raum Emscher:20,Werkstatt:12',
        slots: '10:00-10:45,11:00-11:45,Mittagspause 12:00-13:00,13:00-13:45,14:00-14:45',
        sessions: DEMO_SESSIONS,
      },
      now,
    );
  } catch (error) {
    if (error instanceof FrameSpecError && error.refusal.reason === 'slug_taken') return undefined;
    throw error;
  }
}
