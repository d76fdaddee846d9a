import type { RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import type { AppDeps } from '../app-deps.js';
import type { Actor, Role } from '../core/roles.js';
import { AppError } from '../shared/app-error.js';
import { SESSION_COOKIE } from '../security/session-token.js';
import { authenticate } from './session.service.js';

export type SessionActor = Actor & { sessionId: string };

declare module 'express-serve-static-core' {
  interface Locals {
    actor?: SessionActor;
  }
}

export function tokenFrom(authorization: string | undefined, cookieHeader: string | undefined): string | null {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  const cookie = cookieHeader ? parseCookies(cookieHeader)[SESSION_COOKIE] : undefined;
  return cookie || null;
}

/** Every /api route but sign-in passes through here: a valid cookie or bearer token, or 401. */
export function requireSession(deps: AppDeps): RequestHandler {
  return async (req, res, next) => {
    const token = tokenFrom(req.headers.authorization, req.headers.cookie);
    const actor = token ? await authenticate(deps, token) : null;
    if (!actor) throw AppError.unauthenticated(token ? 'the session has expired or was signed out' : undefined);
    res.locals.actor = actor;
    next();
  };
}

export function actorOf(res: Response): SessionActor {
  const actor = res.locals.actor;
  if (!actor) throw AppError.unauthenticated();
  return actor;
}

const describe = (roles: readonly Role[]) =>
  roles.length === 1 ? `the ${roles[0]} role` : `the ${roles.slice(0, -1).join(', ')} or ${roles.at(-1)} role`;

export function requireRole(roles: readonly Role[], action: string): RequestHandler {
  return (_req, res, next) => {
    const actor = actorOf(res);
    if (!roles.includes(actor.role)) {
      throw AppError.forbidden(`${action} needs ${describe(roles)}; you are signed in as ${actor.role}`);
    }
    next();
  };
}
