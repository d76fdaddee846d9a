// The session API as the page uses it. The session lives in the HttpOnly cookie the server sets; the page never
// holds the token itself.

export interface SignedInStaff {
  id: string;
  username: string;
  displayName: string;
  role: string;
}

export class SessionUnavailable extends Error {
  override name = 'SessionUnavailable';
}

interface ApiError {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

/** Who is signed in, or null (401). Throws SessionUnavailable when the server cannot be reached or fails. */
export async function currentStaff(): Promise<SignedInStaff | null> {
  let res: Response;
  try {
    res = await fetch('/api/session', { headers: { accept: 'application/json' }, cache: 'no-store' });
  } catch {
    throw new SessionUnavailable('the server cannot be reached');
  }
  if (res.status === 401) return null;
  if (!res.ok) throw new SessionUnavailable(`the server answered ${res.status}`);
  return ((await res.json()) as { staff: SignedInStaff }).staff;
}

export type SignInResult = { ok: true; staff: SignedInStaff } | { ok: false; message: string; fields: Record<string, string> };

export async function signIn(username: string, password: string): Promise<SignInResult> {
  let res: Response;
  try {
    res = await fetch('/api/session', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ username, password }) });
  } catch {
    return { ok: false, message: 'The server cannot be reached. Check your connection and try again.', fields: {} };
  }
  if (res.ok) return { ok: true, staff: ((await res.json()) as { staff: SignedInStaff }).staff };
  const body = (await res.json().catch(() => ({}))) as ApiError;
  if (res.status === 401) return { ok: false, message: 'The username or password is not right.', fields: {} };
  if (res.status === 429) return { ok: false, message: body.error?.message ?? 'Too many attempts; wait a minute and try again.', fields: {} };
  return { ok: false, message: body.error?.message ?? `Signing in failed (${res.status}).`, fields: body.error?.fields ?? {} };
}

/** Ends the session on the server; the cookie is cleared by its answer. A failure still leaves the page signed out. */
export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE', headers: { accept: 'application/json' } }).catch(() => undefined);
}
