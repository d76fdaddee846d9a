import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { AppError } from '../shared/app-error.js';

/**
 * Whether a browser request comes from one of our own pages: its Origin (or Referer) names this host,
 * either as the request reached us or as PUBLIC_URL says. Requests without either header (API clients
 * with a bearer token, curl) are not cross-site requests.
 */
export function isSameOrigin(headers: IncomingHttpHeaders, publicUrl: string): boolean {
  const source = headers.origin ?? headers.referer;
  if (!source) return true;
  let host: string;
  try {
    host = new URL(source).host;
  } catch {
    return false;
  }
  return host === headers.host || host === new URL(publicUrl).host;
}

/** CSRF defence in depth (the session cookie is also SameSite=Strict): unsafe methods from another site are refused. */
export function refuseCrossSiteWrites(publicUrl: string): RequestHandler {
  return (req, _res, next) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || isSameOrigin(req.headers, publicUrl)) return next();
    next(AppError.forbidden('cross-site requests are not accepted: send requests from callguard\'s own pages or with a bearer token'));
  };
}
