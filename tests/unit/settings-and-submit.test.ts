// The facilitator's settings dialog (client/lib/event-settings.svelte.ts) and a giver's page
// submitting sessions (client/lib/giver-submissions.svelte.ts), without a browser, against the
// real writer: what is sent, what is refused, what the page then says.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../client/lib/i18n/messages-more.ts';
import { errorText, t } from '../../client/lib/i18n/i18n.svelte.ts';
import type { BoardStore } from '../../client/lib/board.svelte.ts';
import { EventSettingsForm } from '../../client/lib/event-settings.svelte.ts';
import { GiverSubmissions } from '../../client/lib/giver-submissions.svelte.ts';
import { NO_WISHES } from '../../shared/board.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { openDatabase } from '../../db/open.ts';
import type { CommandWriter, Principal } from '../../server/writer.ts';
import { eventInMemory } from '../helpers/in-memory.ts';
import { liveStore } from '../helpers/live-store.ts';

let db: ReturnType<typeof openDatabase>;
let writer: CommandWriter;
let facilitator: Principal;
let store: BoardStore;

const serverEvent = async () => (await writer.snapshot(facilitator.eventId)).board.event;
const synced = async () => store.whenVersion(await writer.version(facilitator.eventId));

beforeEach(async () => {
  ({ db, writer, facilitator } = await eventInMemory());
});
afterEach(() => {
  store.disconnect();
  db.close();
});

describe('the settings dialog', () => {
  let form: EventSettingsForm;
  beforeEach(async () => {
    ({ store } = await liveStore(writer, facilitator));
    form = new EventSettingsForm(store);
  });

  it('starts from the settings now and saves a new title and time zone', async () => {
    expect([form.title, form.timezone]).toEqual([(await serverEvent()).title, (await serverEvent()).timezone]);
    form.title = 'Barcamp Ruhr 2027';
    form.timezone = 'Europe/Vienna';
    await form.save();
    expect(await serverEvent()).toMatchObject({ title: 'Barcamp Ruhr 2027', timezone: 'Europe/Vienna' });
    expect(form.message).toBe('');
  });

  it('says why the server refused a setting in the page’s language, naming the field and the value', async () => {
    form.timezone = 'Mars/Olympus';
    await form.save();
    expect(form.message).toBe('Zeitzone: „Mars/Olympus“ ist keine Zeitzone (zum Beispiel Europe/Berlin).');
    expect((await serverEvent()).timezone).not.toBe('Mars/Olympus');
  });

  it('saves the notes-link template (trimmed), says a refused one in German naming the field, and clears it with ""', async () => {
    expect(form.notesLink).toBe('');
    form.notesLink = '  https://pad.example.org/{slug}-{session}  ';
    await form.save();
    expect(form.message).toBe('');
    expect((await serverEvent()).notesLink).toBe('https://pad.example.org/{slug}-{session}');
    await synced();
    expect(new EventSettingsForm(store).notesLink).toBe('https://pad.example.org/{slug}-{session}');
    form.notesLink = 'javascript:alert(1)';
    await form.save();
    expect(form.message).toBe('Link zu den Notizen: kein Link. Bitte eine Adresse mit https:// oder http:// am Anfang eintragen oder das Feld leeren.');
    expect((await serverEvent()).notesLink).toBe('https://pad.example.org/{slug}-{session}');
    form.notesLink = '';
    await form.save();
    expect((await serverEvent()).notesLink).toBe('');
  });

  it('sends a pitch length within the limits, and puts back the one now for anything else', async () => {
    const now = String((await serverEvent()).pitchSeconds);
    for (const typed of ['', 'abc', '12.5', String(LIMITS.pitchSecondsMin - 1), String(LIMITS.pitchSecondsMax + 1)]) {
      expect(form.setPitchLength(typed)).toBe(now);
    }
    const version = await writer.version(facilitator.eventId);
    expect(form.setPitchLength(now)).toBe(now);
    expect(form.setPitchLength(String(LIMITS.pitchSecondsMax))).toBe(String(LIMITS.pitchSecondsMax));
    await store.whenVersion(version + 1);
    expect(await writer.version(facilitator.eventId)).toBe(version + 1);
    expect((await serverEvent()).pitchSeconds).toBe(LIMITS.pitchSecondsMax);
  });

  it('makes a new key and the board link that carries it', async () => {
    await form.rotateKey('https://camp.example');
    expect(form.rotatedKey).toMatch(/^[\w-]{20,}$/);
    expect(form.newLink).toBe(`https://camp.example/e/testcamp/board#key=${form.rotatedKey}`);
  });

  it("fetches the export with the page's key, or with the key made here once there is one, and says a refusal", async () => {
    const asked: Array<[string, unknown]> = [];
    let status = 200;
    vi.stubGlobal('fetch', async (url: string, init: { headers: unknown }) => {
      asked.push([url, init.headers]);
      return new Response('{"event":{}}', { status });
    });
    try {
      expect(await (await form.exportData('page-key'))!.text()).toBe('{"event":{}}');
      await form.rotateKey('https://camp.example');
      await form.exportData('page-key');
      expect(asked).toEqual([
        ['/api/events/testcamp/export.json', { authorization: 'Bearer page-key' }],
        ['/api/events/testcamp/export.json', { authorization: `Bearer ${form.rotatedKey}` }],
      ]);
      expect(form.message).toBe('');
      status = 401;
      expect(await form.exportData('page-key')).toBeUndefined();
      expect(form.message).toBe(errorText('unauthorized'));
      status = 500;
      await form.exportData('page-key');
      expect(form.message).toBe(errorText('internal'));
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe("a giver's page", () => {
  const TEXT = { title: '  Mein Thema  ', host: 'Gül', description: '', tags: [], wishes: NO_WISHES };
  beforeEach(async () => {
    ({ store } = await liveStore(writer, { eventId: facilitator.eventId, isFacilitator: false }));
  });

  it('submits a session, keeps it with its token, and says it waits in the queue', async () => {
    const page = new GiverSubmissions(store);
    expect(page.mine).toEqual([]);
    expect(await page.submit(TEXT)).toBe(true);
    await synced();
    const [kept] = page.mine;
    expect(page.mine).toHaveLength(1);
    expect(store.board!.sessions.find((s) => s.id === kept!.sessionId)?.title).toBe('Mein Thema');
    expect(kept!.token.length).toBeGreaterThan(20);
    expect(page.message).toBe(t('giver.submitted', { title: 'Mein Thema' }));
    page.forget(kept!.sessionId);
    expect(page.mine).toEqual([]);
  });

  it('says why a submit was refused and keeps nothing', async () => {
    const page = new GiverSubmissions(store);
    expect(await page.submit({ ...TEXT, title: '' })).toBe(false);
    expect(page.message).toBe('Titel: Bitte ausfüllen.');
    expect(page.mine).toEqual([]);
  });

  it('starts with a session opened from a personal link', () => {
    const fromLink = { sessionId: 's1', token: 'tok' };
    expect(new GiverSubmissions(store, fromLink).mine).toEqual([fromLink]);
  });
});
