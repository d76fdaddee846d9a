// The JSON API as the supervisors' page uses it: the session is the HttpOnly cookie, so requests carry no token.
// Every answer comes back as a result (never a throw): the body, or the API's error with its field problems.

export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  | { ok: false; status: number; code: string; message: string; fields: Record<string, string> };

export interface Api {
  get<T>(path: string): Promise<ApiResult<T>>;
  post<T>(path: string, body: unknown): Promise<ApiResult<T>>;
  patch<T>(path: string, body: unknown): Promise<ApiResult<T>>;
}

interface ErrorBody {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

/** `signedOut` runs when the API answers 401: the session has ended or was signed out elsewhere. */
export function createApi(signedOut: () => void): Api {
  async function request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        cache: 'no-store',
        headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch {
      return { ok: false, status: 0, code: 'unreachable', message: 'The server cannot be reached. Check your connection and try again.', fields: {} };
    }
    if (res.ok) return { ok: true, status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
    const error = ((await res.json().catch(() => ({}))) as ErrorBody).error ?? {};
    if (res.status === 401) signedOut();
    return {
      ok: false,
      status: res.status,
      code: error.code ?? 'error',
      message: error.message ?? `The server answered ${res.status}.`,
      fields: error.fields ?? {},
    };
  }
  return {
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    patch: (path, body) => request('PATCH', path, body),
  };
}

/** A query string from the values that are set: `?a=1&b=x`, or '' when none are. */
export function query(values: Record<string, string | number | boolean | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}
