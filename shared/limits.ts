// Text limits, shared so that forms can say them before the server refuses.
export const LIMITS = {
  id: 64,
  commandId: 100,
  title: 120,
  host: 80,
  description: 2000,
  tags: 8,
  tag: 30,
  interest: 9999,
  token: 200,
  label: 60,
  roomName: 60,
  capacity: 100_000,
  timezone: 64,
  /** A notes link or template (shared/notes-link.ts). */
  notesLink: 500,
  /** An outgoing webhook's address, and how many an event keeps (server/webhooks.ts). */
  webhookUrl: 2048,
  webhooks: 10,
  days: 14,
  rooms: 100,
  slotsPerDay: 40,
  sessions: 2000,
  /** How far ahead an event's days may lie: an event is kept until some time after its last day. */
  daysAhead: 731,
  /** No event's day lies before this date: an earlier one is a typo (a year before 1000 broke the calendar and CSV files). */
  earliestDate: '2000-01-01',
  pitchSecondsDefault: 30,
  pitchSecondsMin: 5,
  pitchSecondsMax: 600,
} as const;
