// The texts of the public screens that are not the phone's: the projector, the door signs and the
// plan other sites embed, and the pitch's countdown the projector shares with the board. Loaded
// with those screens (and the board, which links the door signs), so that an attendee's phone
// does not download them. Importing this file registers them.
import { addMessages } from './catalogs.ts';

export const screensEn = {
  'beamer.title': 'Projector',
  'beamer.join': 'Follow the plan on your phone',
  'beamer.now': 'Pitching now',
  'beamer.tapsLabel': 'interested on phones',
  'beamer.handsLabel': 'hands',
  'beamer.page': 'Page {page}/{pages}',
  'beamer.localOnly': 'Only this computer can open this address. Set PUBLIC_URL, or open the projector by the laptop’s network address.',
  'door.title': 'Door sign',
  'door.now': 'Now',
  'door.notes': 'Notes of this session',
  'door.next': 'Next',
  'door.later': 'Later today',
  'door.free': 'Free',
  'door.dayOver': 'No more sessions here today.',
  'door.unknownRoom': 'There is no such room.',
  'door.planOnPhone': 'The whole plan on your phone',
  'embed.openPlan': 'Open the whole plan',
  'embed.newTab': '(opens in a new tab)',
  'connection.offlineShort': 'Offline since {time}',
  'pitch.timeLeft': '{time} left',
  'pitch.timeUp': 'Time is up',
  'pitch.running': 'Running',
  'pitch.paused': 'Paused',
  'pitch.queueHeading': 'Up next',
} as const;

export type ScreensKey = keyof typeof screensEn;

export const screensDe: Record<ScreensKey, string> = {
  'beamer.title': 'Beamer',
  'beamer.join': 'Den Plan aufs Handy holen',
  'beamer.now': 'Jetzt im Pitch',
  'beamer.tapsLabel': 'Interessierte per Handy',
  'beamer.handsLabel': 'Hände',
  'beamer.page': 'Seite {page}/{pages}',
  'beamer.localOnly': 'Diese Adresse öffnet nur dieser Rechner. PUBLIC_URL setzen oder den Beamer über die Netzwerkadresse des Laptops öffnen.',
  'door.title': 'Türschild',
  'door.now': 'Jetzt',
  'door.notes': 'Notizen zu dieser Session',
  'door.next': 'Als Nächstes',
  'door.later': 'Später heute',
  'door.free': 'Frei',
  'door.dayOver': 'Heute keine Sessions mehr in diesem Raum.',
  'door.unknownRoom': 'Diesen Raum gibt es nicht.',
  'door.planOnPhone': 'Der ganze Plan aufs Handy',
  'embed.openPlan': 'Ganzen Plan öffnen',
  'embed.newTab': '(öffnet in einem neuen Tab)',
  'connection.offlineShort': 'Offline seit {time}',
  'pitch.timeLeft': 'noch {time}',
  'pitch.timeUp': 'Die Zeit ist um',
  'pitch.running': 'Läuft',
  'pitch.paused': 'Angehalten',
  'pitch.queueHeading': 'Als Nächstes',
};

addMessages({ de: screensDe, en: screensEn });
