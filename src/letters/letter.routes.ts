import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../app-deps.js';
import { parseInput } from '../http/validate.js';
import { draftStrategyLetter } from './letter.service.js';
import { renderLetterHtml } from './render-html.js';
import { renderLetterText } from './render-text.js';

const idParam = z.object({ id: z.uuid('must be a strategy id') });
const letterQuery = z.object({ format: z.enum(['html', 'text']).optional() });

/** `?format=` wins; otherwise `Accept: text/plain` (preferred over HTML) asks for text; HTML by default. */
function wantsText(req: Request, format: 'html' | 'text' | undefined): boolean {
  if (format) return format === 'text';
  return req.accepts(['text/html', 'text/plain']) === 'text/plain';
}

/** The R6 notification letter of a strategy, for any signed-in member of staff to preview and print. */
export function letterRoutes(deps: AppDeps): Router {
  const router = Router();

  router.get('/:id/letter', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'id');
    const { format } = parseInput(letterQuery, req.query, 'query');
    const letter = await draftStrategyLetter(deps, id);
    const text = wantsText(req, format);
    res.set({ 'Cache-Control': 'no-store', Vary: 'Accept', 'Content-Language': letter.language });
    res.type(text ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8');
    res.send(text ? renderLetterText(letter) : renderLetterHtml(letter));
  });

  return router;
}
