// The language the server renders the attendee page in: the one the browser will pick.
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../server/attendee-page.ts';

describe('languageOf', () => {
  it('takes the most preferred of German and English, by quality, and German when neither is asked for', () => {
    expect(languageOf('en-GB,en;q=0.9,de;q=0.5')).toBe('en');
    expect(languageOf('de-DE,de;q=0.9,en;q=0.8')).toBe('de');
    expect(languageOf('fr-FR,fr;q=0.9,en;q=0.7,de;q=0.8')).toBe('de');
    expect(languageOf('en;q=0.3, de;q=0.2')).toBe('en');
    expect(languageOf('fr, es')).toBe('de');
    expect(languageOf(undefined)).toBe('de');
    expect(languageOf('')).toBe('de');
  });
});
