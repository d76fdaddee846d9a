// Every route an Express 5 app answers, read from its router stack at runtime ("GET /api/strategies/:id"),
// so a route added to src/ without a row in the authorization matrix fails the matrix's coverage check.

interface RouteLike {
  path: string | string[];
  methods: Record<string, boolean | undefined>;
}

interface LayerLike {
  route?: RouteLike;
  handle: unknown;
  /** The path given to `use` or the route (router 2.x, Express 5). */
  rawPath?: unknown;
  name?: string;
}

interface RouterLike {
  stack: LayerLike[];
}

const isRouter = (handle: unknown): handle is RouterLike =>
  typeof handle === 'function' && Array.isArray((handle as unknown as { stack?: unknown }).stack);

const join = (prefix: string, path: string) => {
  const joined = `${prefix}${path === '/' ? '' : path}`.replace(/\/{2,}/g, '/');
  return joined === '' ? '/' : joined.replace(/(.)\/$/, '$1');
};

/** "METHOD /mounted/path" for every route of the app (and of every router mounted in it, at any depth). */
export function mountedRoutes(app: unknown): string[] {
  const root = (app as { router?: unknown }).router;
  if (!root || !Array.isArray((root as RouterLike).stack)) throw new Error('not an Express 5 app: no app.router.stack to read');
  const routes: string[] = [];
  const walk = (router: RouterLike, prefix: string) => {
    for (const layer of router.stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          if (typeof path !== 'string') throw new Error(`a route with a non-string path under ${prefix || '/'}: cover it by hand`);
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (on) routes.push(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${join(prefix, path)}`);
          }
        }
      } else if (isRouter(layer.handle)) {
        if (typeof layer.rawPath !== 'string') throw new Error(`a router mounted at a non-string path under ${prefix || '/'}: cover it by hand`);
        walk(layer.handle, join(prefix, layer.rawPath) === '/' ? '' : join(prefix, layer.rawPath));
      }
    }
  };
  walk(root as RouterLike, '');
  return [...new Set(routes)].sort();
}
