// The attendee link that the projector and the door signs print as a QR code: at first the
// address this page was opened by, then the one the server says phones can reach (PUBLIC_URL,
// or its LAN address when this page was opened as localhost).
import { attendeePageLink, shareBase, type ServerAddresses } from '../../shared/links.ts';

export class ShareLink {
  #addresses = $state<ServerAddresses | undefined>(undefined);
  readonly #slug: string;

  constructor(slug: string) {
    this.#slug = slug;
    void fetch('/api/addresses')
      .then((response) => (response.ok ? (response.json() as Promise<ServerAddresses>) : undefined))
      .then((addresses) => (this.#addresses = addresses))
      // Offline (a page reopened from the cache): the address it was opened by is the best guess.
      .catch(() => undefined);
  }

  get #base() {
    return shareBase(location.origin, this.#addresses);
  }

  /** A path of this server as phones can open it (a room's door page, say). */
  address(path: string): string {
    return `${this.#base.base}${path}`;
  }

  get url(): string {
    return attendeePageLink(this.#base.base, this.#slug).url;
  }

  get short(): string {
    return attendeePageLink(this.#base.base, this.#slug).short;
  }

  /** True when the server answered and only a loopback address is known: no phone could open the link. */
  get local(): boolean {
    return this.#addresses !== undefined && this.#base.local;
  }
}
