import { Router } from 'express';
import { z } from 'zod';
import { serialize } from 'cookie';
import type { AppDeps } from '../app-deps.js';
import { NOT_STORABLE, storable } from '../http/fields.js';
import { parseInput } from '../http/validate.js';
import { SESSION_COOKIE } from '../security/session-token.js';
import { actorOf, requireSession } from './auth.middleware.js';
import { signIn, signOut } from './session.service.js';
import { UnknownUserFailures } from './login-guard.js';

const signInSchema = z.object({
  username: z.string().trim().min(1).max(100).refine(storable, NOT_STORABLE),
  password: z.string().min(1).max(1000),
});

export function sessionRoutes(deps: AppDeps): Router {
  const router = Router();
  const unknownUsers = new UnknownUserFailures();
  const secure = deps.config.publicUrl.startsWith('https://');
  const cookie = (value: string, maxAge: number) =>
    serialize(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge });

  router.post('/', async (req, res) => {
    const { username, password } = parseInput(signInSchema, req.body);
    const session = await signIn(deps, username, password, unknownUsers);
    const maxAge = Math.floor((session.expiresAt.getTime() - deps.clock.now().getTime()) / 1000);
    res.setHeader('Set-Cookie', cookie(session.token, maxAge));
    res.status(200).json({ token: session.token, expiresAt: session.expiresAt, staff: session.actor });
  });

  router.get('/', requireSession(deps), (_req, res) => {
    const { sessionId: _sessionId, ...staff } = actorOf(res);
    res.json({ staff });
  });

  router.delete('/', requireSession(deps), async (_req, res) => {
    await signOut(deps, actorOf(res));
    res.setHeader('Set-Cookie', cookie('', 0));
    res.status(204).end();
  });

  return router;
}
