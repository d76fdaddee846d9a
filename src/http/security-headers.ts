import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** Standard security headers (helmet); HTTPS-only ones only when PUBLIC_URL is HTTPS. Pages may set a stricter CSP. */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https://');
  return helmet({
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: { useDefaults: true, directives: { upgradeInsecureRequests: https ? [] : null } },
    crossOriginEmbedderPolicy: false,
  });
}
