/** The one error type: services throw it, the error middleware turns it into `{error:{code,message,fields?}}`. */
export type FieldProblems = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 502 | 503,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblems,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static invalid(fields: FieldProblems): AppError {
    const summary = Object.entries(fields)
      .map(([field, problem]) => `${field}: ${problem}`)
      .join('; ');
    return new AppError(400, 'invalid_request', summary || 'invalid request', fields);
  }

  static unauthenticated(message = 'sign in first: send the session cookie or an Authorization: Bearer token'): AppError {
    return new AppError(401, 'unauthenticated', message);
  }

  static forbidden(message: string): AppError {
    return new AppError(403, 'forbidden', message);
  }

  static notFound(what: string): AppError {
    return new AppError(404, 'not_found', `${what} not found`);
  }

  static conflict(message: string, code = 'conflict'): AppError {
    return new AppError(409, code, message);
  }
}
