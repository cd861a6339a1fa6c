// A wall-clock time of the plan as each language and region writes it, the way Intl would:
// "9:05" in German, "9:05 AM" in American English, "9:05" in British English. By hand, because
// the plan's times are wall-clock times in the event's zone already, and starting Intl costs a slow
// phone a quarter of a second before its first plan.

/** English-speaking regions that write the time with AM/PM; plain "en" counts as American. */
const TWELVE_HOUR_REGIONS = new Set(['US', 'CA', 'AU', 'NZ', 'PH', 'IN']);

/** Whether a language tag ("en-US", "en-GB", "de-DE") writes times with AM/PM. */
export function usesTwelveHours(tag: string): boolean {
  const [language = '', region] = tag.split('-');
  return language.toLowerCase() === 'en' && (region === undefined || TWELVE_HOUR_REGIONS.has(region.toUpperCase()));
}

/** "HH:MM" as `tag` writes it (the screen's language, with the browser's region for English). */
export function clockText(time: string, tag: string): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const mm = String(minutes).padStart(2, '0');
  if (usesTwelveHours(tag)) return `${hours % 12 || 12}:${mm} ${hours < 12 ? 'AM' : 'PM'}`;
  return `${hours}:${mm}`;
}
