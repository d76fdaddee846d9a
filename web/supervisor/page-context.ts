import type { SignedInStaff } from '../shared/session-api.js';
import type { Api, ApiResult } from './api.js';
import type { EscalationProposal } from './api-types.js';
import type { Route } from './router.js';
import type { StaffNames } from './staff-names.js';

// What every page is given: the API, who is signed in, and the app's few shared services.

export interface PageContext {
  api: Api;
  staff: SignedInStaff;
  /** Supervisors and directors decide; an administrator may read the pages but not act on strategies (R5). */
  canDecide: boolean;
  staffNames: StaffNames;
  navigate(route: Route): void;
  /** Says something at the top of the page (a live region); it stays for the next page when followed by navigate. */
  notify(text: string, kind?: 'done' | 'problem'): void;
  /** Says something to screen readers only (a polite live region): how many results a search found, say. */
  announce(text: string): void;
  /** Draws the current page again from fresh data. */
  reload(): void;
  /** A proposal handed from an accepted escalation suggestion to the strategy form. */
  drafts: { put(proposal: EscalationProposal): void; take(customerId: string): EscalationProposal | null };
  /** Runs once the page is in the document (a chart needs its canvas laid out). */
  afterShow(action: () => void): void;
  /** Runs when the page is left (a chart to destroy, say). */
  onLeave(cleanup: () => void): void;
  /** Where focus goes when what had it has gone (the page's heading). */
  fallbackFocus(): HTMLElement | null;
}

export type PageRenderer = (ctx: PageContext) => Promise<HTMLElement>;

/** A page that cannot be shown: not found, not allowed, or the server failed. */
export class PageError extends Error {
  override name = 'PageError';
  constructor(
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

/** The body of a successful answer, or a PageError saying what went wrong. */
export function loaded<T>(result: ApiResult<T>, what: string): T {
  if (result.ok) return result.body;
  if (result.status === 404) throw new PageError(`${what} not found`, `There is no ${what.toLowerCase()} here. It may have been linked wrongly.`);
  if (result.status === 403) throw new PageError('Not allowed', result.message);
  throw new PageError('Something went wrong', result.message);
}
