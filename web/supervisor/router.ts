// The page's routes, kept in the URL's hash (#/customers/…) so the server serves one document for them all.
// Pure: parsing and building links, unit-tested in Node.

export type ReviewOutcome = 'continue' | 'ease' | 'tighten' | 'lift';

export type Route =
  | { page: 'dashboard' }
  | { page: 'customers'; q: string }
  | { page: 'customer-new'; phone: string; then: 'strategy' | null }
  | { page: 'customer'; id: string }
  | { page: 'customer-edit'; id: string }
  | { page: 'strategy-new'; customerId: string; draft: boolean }
  | { page: 'strategy'; id: string }
  | { page: 'strategy-review'; id: string; outcome: ReviewOutcome | null }
  | { page: 'appeal-decision'; id: string; appealId: string }
  | { page: 'reports'; from: string; to: string; groupBy: 'month' | 'quarter' }
  | { page: 'not-found'; path: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const OUTCOMES: readonly ReviewOutcome[] = ['continue', 'ease', 'tighten', 'lift'];

/** The route for a location hash ("#/strategies/…?outcome=tighten"); an empty hash is the dashboard. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const parts = pathPart.split('/').filter(Boolean).map(safeDecode);
  const params = new URLSearchParams(queryPart);
  const param = (name: string) => params.get(name)?.trim() ?? '';
  const notFound: Route = { page: 'not-found', path: `/${parts.join('/')}` };
  const [first, second, third, fourth, fifth] = parts;

  switch (first) {
    case undefined:
    case 'dashboard':
      return parts.length <= 1 ? { page: 'dashboard' } : notFound;
    case 'reports': {
      if (parts.length > 1) return notFound;
      const groupBy = param('groupBy') === 'quarter' ? 'quarter' : 'month';
      return { page: 'reports', from: DATE.test(param('from')) ? param('from') : '', to: DATE.test(param('to')) ? param('to') : '', groupBy };
    }
    case 'customers':
      if (second === undefined) return { page: 'customers', q: param('q') };
      if (second === 'new' && parts.length === 2) return { page: 'customer-new', phone: param('phone'), then: param('then') === 'strategy' ? 'strategy' : null };
      if (!UUID.test(second)) return notFound;
      if (parts.length === 2) return { page: 'customer', id: second.toLowerCase() };
      if (third === 'edit' && parts.length === 3) return { page: 'customer-edit', id: second.toLowerCase() };
      return notFound;
    case 'strategies':
      if (second === 'new' && parts.length === 2) {
        const customerId = param('customerId');
        return UUID.test(customerId) ? { page: 'strategy-new', customerId: customerId.toLowerCase(), draft: param('draft') === '1' } : notFound;
      }
      if (second === undefined || !UUID.test(second)) return notFound;
      if (parts.length === 2) return { page: 'strategy', id: second.toLowerCase() };
      if (third === 'review' && parts.length === 3) {
        const outcome = OUTCOMES.find((o) => o === param('outcome')) ?? null;
        return { page: 'strategy-review', id: second.toLowerCase(), outcome };
      }
      if (third === 'appeals' && fourth && UUID.test(fourth) && fifth === 'decide' && parts.length === 5) {
        return { page: 'appeal-decision', id: second.toLowerCase(), appealId: fourth.toLowerCase() };
      }
      return notFound;
    default:
      return notFound;
  }
}

/** The hash link for a route: `routeHref(parseRoute(h))` gives back an equivalent link. */
export function routeHref(route: Route): string {
  const withQuery = (path: string, values: Record<string, string | null>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
    const text = params.toString();
    return `#${path}${text ? `?${text}` : ''}`;
  };
  switch (route.page) {
    case 'dashboard':
      return '#/dashboard';
    case 'customers':
      return withQuery('/customers', { q: route.q });
    case 'customer-new':
      return withQuery('/customers/new', { phone: route.phone, then: route.then });
    case 'customer':
      return `#/customers/${route.id}`;
    case 'customer-edit':
      return `#/customers/${route.id}/edit`;
    case 'strategy-new':
      return withQuery('/strategies/new', { customerId: route.customerId, draft: route.draft ? '1' : null });
    case 'strategy':
      return `#/strategies/${route.id}`;
    case 'strategy-review':
      return withQuery(`/strategies/${route.id}/review`, { outcome: route.outcome });
    case 'appeal-decision':
      return `#/strategies/${route.id}/appeals/${route.appealId}/decide`;
    case 'reports':
      return withQuery('/reports', { from: route.from, to: route.to, groupBy: route.groupBy === 'month' ? null : route.groupBy });
    case 'not-found':
      return `#${route.path}`;
  }
}

/** Which top-level section a route belongs to, for the navigation's aria-current. */
export function sectionOf(route: Route): 'dashboard' | 'customers' | 'reports' | null {
  switch (route.page) {
    case 'dashboard':
      return 'dashboard';
    case 'reports':
      return 'reports';
    case 'not-found':
      return null;
    default:
      return 'customers';
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
