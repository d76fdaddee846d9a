import type { E164 } from './phone-number.js';

export const LANGUAGES = ['en-GB', 'cy-GB'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A service user: the person a contact strategy restricts. */
export interface Customer {
  id: string;
  name: string;
  reference: string | null;
  phoneNumbers: E164[];
  communicationNeeds: string | null;
  language: Language;
  createdAt: Date;
  updatedAt: Date;
}
