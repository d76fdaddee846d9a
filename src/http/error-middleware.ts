import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '../shared/logger.js';
import { AppError } from '../shared/app-error.js';

/** Body-parser failures carry an HTTP status and a type; map them to the one error shape. */
function fromParserError(err: unknown): AppError | null {
  if (typeof err !== 'object' || err === null || !('status' in err)) return null;
  if ('type' in err && err.type === 'entity.parse.failed') return new AppError(400, 'malformed_body', 'the request body is not valid JSON');
  if ('type' in err && err.type === 'entity.too.large') return new AppError(413, 'body_too_large', 'the request body is too large');
  if ('type' in err && (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported')) {
    return new AppError(415, 'unsupported_encoding', 'the request body encoding is not supported');
  }
  // Any other 4xx express or a parser raised: a body that does not inflate (Content-Encoding: gzip over plain text),
  // a path parameter that does not percent-decode (%E0%A4%A). The client's fault, not a 500.
  if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) return new AppError(400, 'malformed_request', 'the request cannot be read: its body or path is malformed');
  return null;
}

export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = err instanceof AppError ? err : fromParserError(err);
    if (known) {
      if (known.status >= 500) logger.error({ err, path: req.path }, known.message);
      res.status(known.status).json({
        error: { code: known.code, message: known.message, ...(known.fields ? { fields: known.fields } : {}) },
      });
      return;
    }
    logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal_error', message: 'something went wrong; it has been logged' } });
  };
}

export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new AppError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};
