// The texts of the switch for push notifications on "Mein Plan". Loaded with the switch, which
// the phone loads only once it shows "Mein Plan" (client/components/PushToggle.svelte), so that
// a phone that never opens it does not download them. Importing this file registers them.
import { addMessages } from './catalogs.ts';

export const pushEn = {
  'push.switch': 'Notify me of changes',
  'push.hint': 'When a starred session moves, changes its time or title, or is cancelled.',
  'push.on': 'On: this phone hears when a starred session changes.',
  'push.off': 'Off: no more notifications for this event.',
  'push.denied': 'Notifications are blocked for this page. Allow them in the browser’s settings.',
  'push.failed': 'Notifications could not be switched on here. Please try again later.',
  'push.unsupported': 'This browser cannot notify from this page (that needs https).',
} as const;

export type PushKey = keyof typeof pushEn;

export const pushDe: Record<PushKey, string> = {
  'push.switch': 'Benachrichtigen, wenn sich etwas ändert',
  'push.hint': 'Wenn eine gemerkte Session in einen anderen Raum oder eine andere Zeit wandert, umbenannt wird oder ausfällt.',
  'push.on': 'An: Dieses Handy meldet sich, wenn sich eine gemerkte Session ändert.',
  'push.off': 'Aus: keine Benachrichtigungen mehr für dieses Event.',
  'push.denied': 'Benachrichtigungen sind für diese Seite gesperrt. Im Browser unter Einstellungen erlauben.',
  'push.failed': 'Benachrichtigungen ließen sich hier nicht einschalten. Bitte später noch einmal versuchen.',
  'push.unsupported': 'Dieser Browser kann von dieser Seite nicht benachrichtigen (dafür braucht es https).',
};

addMessages({ de: pushDe, en: pushEn });
