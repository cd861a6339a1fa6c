// A wall-clock time of the plan as each language writes it, the way Intl would: "9:05" in German,
// "9:05 AM" in English. By hand, because the plan's times are wall-clock times in the event's
// zone already, and starting Intl costs a slow phone a quarter of a second before its first plan.
import type { Language } from './i18n.svelte.ts';

export function clockText(time: string, language: Language): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  const mm = String(minutes).padStart(2, '0');
  if (language === 'de') return `${hours}:${mm}`;
  return `${hours % 12 || 12}:${mm} ${hours < 12 ? 'AM' : 'PM'}`;
}
