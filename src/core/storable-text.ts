/**
 * Text PostgreSQL can store as sent: no U+0000 (refused in text and jsonb) and no unpaired UTF-16 surrogate (JSON
 * can carry "\ud800"; it would be stored as U+FFFD, or fail the insert). Refused at the edge, or the insert is a
 * 500. Pure, so the panel's protocol (shared with the page) can use it too.
 */
export const storable = (value: string) => !/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value);
export const NOT_STORABLE = 'must not contain NUL characters or unpaired surrogates';
