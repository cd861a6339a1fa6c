// The client's routes, from the path alone (the fragment may hold the facilitator key).
export type Route =
  | { view: 'home' }
  | { view: 'attendee'; slug: string }
  | { view: 'board'; slug: string }
  | { view: 'pitch'; slug: string }
  | { view: 'beamer'; slug: string }
  | { view: 'room'; slug: string; roomId: string }
  | { view: 'print'; slug: string; sheets: 'plan' | 'doors' }
  | { view: 'embed'; slug: string }
  | { view: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { view: 'home' };
  const match = /^\/e\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return { view: 'not-found' };
  let slug: string;
  let extra: string | undefined;
  try {
    slug = decodeURIComponent(match[1]!);
    extra = match[3] === undefined ? undefined : decodeURIComponent(match[3]);
  } catch {
    return { view: 'not-found' };
  }
  if (match[2] === 'room' && extra) return { view: 'room', slug, roomId: extra };
  if (match[2] === 'print' && extra === 'doors') return { view: 'print', slug, sheets: 'doors' };
  if (extra !== undefined) return { view: 'not-found' };
  switch (match[2]) {
    case undefined:
      return { view: 'attendee', slug };
    case 'board':
      return { view: 'board', slug };
    case 'pitch':
      return { view: 'pitch', slug };
    case 'beamer':
      return { view: 'beamer', slug };
    case 'print':
      return { view: 'print', slug, sheets: 'plan' };
    case 'embed':
      return { view: 'embed', slug };
    default:
      return { view: 'not-found' };
  }
}
