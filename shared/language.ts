// The two languages of every screen. The server speaks them too where it writes a page itself
// (an event whose stored data is damaged): those few sentences live here, and the client's
// catalog (client/lib/i18n/messages.ts) takes them from here, so that each has one home.
export type Language = 'de' | 'en';

export const SERVER_TEXTS = {
  en: {
    'notFound.home': 'To the start page',
    'damaged.title': 'This plan cannot be shown',
    'damaged.text': 'The saved data of this barcamp is damaged, so its plan cannot be shown right now. Please tell the facilitator.',
  },
  de: {
    'notFound.home': 'Zur Startseite',
    'damaged.title': 'Dieser Plan kann nicht angezeigt werden',
    'damaged.text':
      'Die gespeicherten Daten dieses Barcamps sind beschädigt, deshalb kann der Plan gerade nicht angezeigt werden. Bitte der Moderation Bescheid geben.',
  },
} as const satisfies Record<Language, Record<string, string>>;
