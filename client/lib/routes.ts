// The client's routes, from the path alone (the fragment may hold the facilitator key).
export type Route =
  | { view: 'home' }
  | { view: 'attendee'; slug: string }
  | { view: 'board'; slug: string }
  | { view: 'pitch'; slug: string }
  | { view: 'not-found' };

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { view: 'home' };
  const match = /^\/e\/([^/]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  if (!match) return { view: 'not-found' };
  let slug: string;
  try {
    slug = decodeURIComponent(match[1]!);
  } catch {
    return { view: 'not-found' };
  }
  switch (match[2]) {
    case undefined:
      return { view: 'attendee', slug };
    case 'board':
      return { view: 'board', slug };
    case 'pitch':
      return { view: 'pitch', slug };
    default:
      return { view: 'not-found' };
  }
}
