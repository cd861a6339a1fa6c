import { describe, expect, it } from 'vitest';
import { loadHyphenation, roughHyphenate, SOFT_HYPHEN } from '../../client/lib/hyphenation.ts';

const shown = (text: string) => text.replaceAll(SOFT_HYPHEN, '·');

describe('hyphenation', () => {
  it('puts syllable breaks into German words longer than 15 letters only', async () => {
    const hyphenate = await loadHyphenation('de');
    expect(shown(hyphenate('Barrierefreiheitsstärkungsgesetz im Rathaus'))).toBe('Bar·rie·re·frei·heits·stär·kungs·ge·setz im Rathaus');
    // 15 letters and fewer stay whole: they must fit a column as they are.
    expect(hyphenate('Wärmepumpenförderung')).toContain(SOFT_HYPHEN);
    expect(hyphenate('Ehrenamtskoordination')).toContain(SOFT_HYPHEN);
    expect(hyphenate('Seminarraum Emscher (1. OG)')).toBe('Seminarraum Emscher (1. OG)');
  });
  it('breaks shorter words too when a narrow column asks for it', async () => {
    const hyphenate = await loadHyphenation('de');
    expect(shown(hyphenate('Seminarraum Emscher', 7))).toBe('Se·mi·nar·raum Emscher');
  });
  it('has English patterns for English events', async () => {
    const hyphenate = await loadHyphenation('en');
    expect(shown(hyphenate('Internationalization and accessibility'))).toMatch(/^In·ter·na·tion·al·iza·tion and accessibility$/);
  });
});

describe('rough breaks before the patterns arrive', () => {
  it('break only long words, every five letters, with no short tail', () => {
    expect(shown(roughHyphenate('Barrierefreiheitsstärkungsgesetz im Rathaus'))).toBe('Barri·erefr·eihei·tsstä·rkung·sgesetz im Rathaus');
    expect(roughHyphenate('Seminarraum Emscher (1. OG)')).toBe('Seminarraum Emscher (1. OG)');
    expect(shown(roughHyphenate('Seminarraum', 7))).toBe('Semin·arraum');
  });
});
