// The rules a schedule for conference apps must meet, for the tests of both schedules. They are
// restated here from the public voc/schedule repository (read there, not copied): the c3voc JSON
// schema validator/json/schema.json and frab's XSD validator/xsd/schedule.xml.xsd, with issue 34's
// contract on top (every field it lists is required here, and `start` is HH:MM as every frab and
// pretalx schedule writes it, where the JSON schema's draft says date-time).
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const ACRONYM = '^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$';
export const EVENT_SLUG = '^[a-z0-9_-]+[a-z0-9]$';
/** RFC 3339 with the zone's offset (the XSD's dateTimeTZ): never a local time without one. */
export const DATE_TIME_WITH_OFFSET = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})$';
/** The JSON schema's Duration; the XSD's duration is the same with one or two digits of hours. */
export const DURATION = '^[0-9]{1,2}:[0-9]{2}$';
/** The XSD's start. */
export const START = '^[0-2][0-9]:[0-5][0-9]$';
export const UUID = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
export const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
/** The JSON schema's time_zone_name, as it is written there (the alternatives are not grouped). */
export const TIME_ZONE_NAME = '^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$';

const text = { type: 'string' } as const;
const pattern = (regex: string, format?: string) => ({ type: 'string', pattern: regex, ...(format ? { format } : {}) }) as const;

const eventSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'guid',
    'date',
    'start',
    'duration',
    'room',
    'slug',
    'url',
    'title',
    'subtitle',
    'track',
    'type',
    'language',
    'abstract',
    'persons',
    'links',
  ],
  properties: {
    id: { type: 'integer', minimum: 1 },
    guid: pattern(UUID, 'uuid'),
    date: pattern(DATE_TIME_WITH_OFFSET, 'date-time'),
    start: pattern(START),
    duration: pattern(DURATION),
    room: text,
    slug: pattern(EVENT_SLUG),
    url: { type: 'string', format: 'uri' },
    title: text,
    subtitle: { type: ['string', 'null'] },
    track: { type: ['string', 'null'] },
    type: text,
    language: text,
    abstract: { type: ['string', 'null'] },
    // A person as pretalx writes one (the schema's PretalxPerson): a name.
    persons: { type: 'array', items: { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 1 } } } },
    links: { type: 'array' },
  },
} as const;

/** The c3voc schedule, as ajv checks it. */
export const C3VOC_SCHEDULE_RULES = {
  type: 'object',
  additionalProperties: false,
  required: ['schedule'],
  properties: {
    $schema: text,
    generator: { type: 'object', properties: { name: text, version: text, url: { type: 'string', format: 'uri' } } },
    schedule: {
      type: 'object',
      required: ['version', 'conference'],
      properties: {
        version: text,
        base_url: { type: 'string', format: 'uri' },
        // The schema forbids rooms beside the conference: they are in it.
        rooms: false,
        conference: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'acronym', 'start', 'end', 'daysCount', 'timeslot_duration', 'time_zone_name', 'rooms', 'days'],
          properties: {
            acronym: pattern(ACRONYM),
            title: text,
            description: text,
            start: pattern(DATE, 'date'),
            end: pattern(DATE, 'date'),
            daysCount: { type: 'integer', minimum: 1 },
            timeslot_duration: pattern(DURATION),
            time_zone_name: pattern(TIME_ZONE_NAME),
            url: { type: 'string', format: 'uri' },
            keywords: { type: 'array', items: text },
            tracks: { type: 'array', items: { type: 'object', properties: { name: text } } },
            rooms: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['name', 'guid'],
                properties: { name: text, guid: pattern(UUID, 'uuid'), description: { type: ['string', 'null'] }, capacity: { type: ['number', 'null'] } },
              },
            },
            days: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['index', 'date', 'day_start', 'day_end', 'rooms'],
                properties: {
                  index: { type: 'integer', minimum: 1 },
                  date: pattern(DATE, 'date'),
                  day_start: pattern(DATE_TIME_WITH_OFFSET, 'date-time'),
                  day_end: pattern(DATE_TIME_WITH_OFFSET, 'date-time'),
                  rooms: { type: 'object', additionalProperties: { type: 'array', items: eventSchema } },
                },
              },
            },
          },
        },
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateJson = ajv.compile(C3VOC_SCHEDULE_RULES);

/** What breaks the c3voc rules, one line each ("" where nothing does). */
export function jsonScheduleProblems(schedule: unknown): string[] {
  if (validateJson(schedule)) return [];
  return (validateJson.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** An element as fast-xml-parser keeps it in document order: its name, attributes, text and children. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

type Ordered = Array<Record<string, unknown>>;

function elementsOf(nodes: Ordered): XmlElement[] {
  return nodes.flatMap((node) => {
    const name = Object.keys(node).find((key) => key !== ':@' && key !== '#text' && !key.startsWith('?'));
    if (!name) return [];
    const inner = node[name] as Ordered;
    return [
      {
        name,
        attributes: (node[':@'] as Record<string, string> | undefined) ?? {},
        text: inner.map((child) => (typeof child['#text'] === 'string' ? child['#text'] : '')).join(''),
        children: elementsOf(inner),
      },
    ];
  });
}

/** The XML's root element, read by a real XML parser (after checking it is well-formed). */
export function parseXml(xml: string): XmlElement {
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) throw new Error(`not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
  });
  return elementsOf(parser.parse(xml) as Ordered)[0]!;
}

export const child = (element: XmlElement, name: string) => element.children.find((c) => c.name === name);
export const childrenNamed = (element: XmlElement, name: string) => element.children.filter((c) => c.name === name);

const EVENT_REQUIRED = ['room', 'title', 'subtitle', 'type', 'date', 'start', 'duration', 'abstract', 'slug', 'track'];
const EVENT_OPTIONAL = ['logo', 'persons', 'language', 'description', 'recording', 'links', 'attachments', 'video_download_url', 'url'];
const CONFERENCE_CHILDREN = ['title', 'acronym', 'start', 'end', 'days', 'timeslot_duration', 'base_url', 'time_zone_name'];

/**
 * What breaks frab's XSD in a schedule.xml, one line each: the order and the elements of
 * `<schedule>`, `<conference>`, `<day>`, `<room>` and `<event>`, the attributes and their types,
 * the patterns of times and UUIDs, and the uniqueness of guids, ids, slugs and day indexes. A
 * `<room>` may carry a `guid` (as issue 34 wants, and as frab and pretalx write it).
 */
export function xmlScheduleProblems(xml: string): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };
  const matches = (value: string | undefined, regex: string) => value !== undefined && new RegExp(regex).test(value);
  const root = parseXml(xml);
  expect(root.name === 'schedule', `the root is <${root.name}>`);
  const order = root.children.map((c) => c.name).join(' ');
  expect(/^(generator )?version conference( day)+$/.test(order), `<schedule> holds ${order}`);
  const conference = child(root, 'conference');
  if (conference) {
    const names = conference.children.map((c) => c.name);
    for (const name of names) expect(CONFERENCE_CHILDREN.includes(name), `<conference> holds <${name}>`);
    expect(new Set(names).size === names.length, '<conference> holds an element twice');
    for (const name of ['title', 'acronym']) expect(names.includes(name), `<conference> lacks <${name}>`);
    for (const name of ['start', 'end']) expect(!names.includes(name) || matches(child(conference, name)!.text, DATE), `<conference><${name}> is no date`);
    expect(!names.includes('days') || matches(child(conference, 'days')!.text, '^[0-9]+$'), '<conference><days> is no integer');
    expect(!names.includes('timeslot_duration') || matches(child(conference, 'timeslot_duration')!.text, DURATION), 'timeslot_duration');
    expect(!names.includes('base_url') || matches(child(conference, 'base_url')!.text, '^https?://'), 'base_url is no http(s) address');
  }
  const seen = { guid: new Set<string>(), id: new Set<string>(), slug: new Set<string>(), index: new Set<string>() };
  const unique = (kind: keyof typeof seen, value: string | undefined) => {
    expect(value === undefined || !seen[kind].has(value), `${kind} ${value} twice`);
    if (value !== undefined) seen[kind].add(value);
  };
  for (const day of childrenNamed(root, 'day')) {
    const { index, date, start, end, ...other } = day.attributes;
    expect(Object.keys(other).length === 0, `<day> has ${Object.keys(other).join(', ')}`);
    expect(matches(index, '^[1-9][0-9]*$'), `<day index="${index}">`);
    unique('index', index);
    expect(matches(date, DATE), `<day date="${date}">`);
    for (const time of [start, end]) expect(matches(time, DATE_TIME_WITH_OFFSET), `<day start/end="${time}">`);
    for (const room of day.children) {
      expect(room.name === 'room', `<day> holds <${room.name}>`);
      const { name, guid, ...rest } = room.attributes;
      expect(Object.keys(rest).length === 0, `<room> has ${Object.keys(rest).join(', ')}`);
      expect(name !== undefined, '<room> without a name');
      expect(guid === undefined || matches(guid, UUID), `<room guid="${guid}">`);
      for (const event of room.children) {
        expect(event.name === 'event', `<room> holds <${event.name}>`);
        const { id, guid: eventGuid, ...extra } = event.attributes;
        expect(Object.keys(extra).length === 0, `<event> has ${Object.keys(extra).join(', ')}`);
        expect(matches(id, '^[1-9][0-9]*$'), `<event id="${id}">`);
        expect(matches(eventGuid, UUID), `<event guid="${eventGuid}">`);
        unique('id', id);
        unique('guid', eventGuid);
        const names = event.children.map((c) => c.name);
        expect(new Set(names).size === names.length, `<event id="${id}"> holds an element twice`);
        for (const required of EVENT_REQUIRED) expect(names.includes(required), `<event id="${id}"> lacks <${required}>`);
        for (const name of names) expect(EVENT_REQUIRED.includes(name) || EVENT_OPTIONAL.includes(name), `<event> holds <${name}>`);
        const field = (name: string) => child(event, name)?.text;
        expect(matches(field('date'), DATE_TIME_WITH_OFFSET), `<event id="${id}"><date>${field('date')}`);
        expect(matches(field('start'), START), `<event id="${id}"><start>${field('start')}`);
        expect(matches(field('duration'), DURATION), `<event id="${id}"><duration>${field('duration')}`);
        expect(!names.includes('url') || matches(field('url'), '^https?://'), `<event id="${id}"><url>`);
        unique('slug', field('slug'));
        const persons = child(event, 'persons');
        for (const person of persons?.children ?? []) {
          expect(person.name === 'person' && person.children.length === 0, `<persons> holds <${person.name}>`);
          expect(person.attributes.id === undefined || matches(person.attributes.id, '^[1-9][0-9]*$'), '<person id>');
        }
        for (const link of child(event, 'links')?.children ?? []) expect(link.name === 'link' && link.children.length === 0, `<links> holds <${link.name}>`);
      }
    }
  }
  return problems;
}
