import { h } from '../shared/dom.js';
import { dateAndTime } from '../shared/wording.js';
import type { Api } from './api.js';
import { query } from './api.js';
import type { AuditEvent } from './api-types.js';
import { auditActionLabel } from './supervisor-wording.js';
import { empty, section, table } from './ui.js';

// The audit trail of one customer or strategy (R12): who did what, when.

export async function auditSection(api: Api, entity: 'customer' | 'strategy', id: string): Promise<HTMLElement> {
  const result = await api.get<{ items: AuditEvent[] }>(`/api/audit${query({ entity, id, limit: 500 })}`);
  if (!result.ok) return section('History', {}, h('p', { className: 'form-alert shown' }, `The history could not be read: ${result.message}`));
  const items = [...result.body.items].reverse();
  return section(
    'History',
    { count: items.length, testId: 'audit' },
    items.length === 0
      ? empty('Nothing recorded yet.')
      : table<AuditEvent>(
          'Audit trail, newest first',
          [
            ['When', (e) => dateAndTime(e.occurredAt)],
            ['What', (e) => auditActionLabel(e.action)],
            ['Who', (e) => e.actorUsername ?? 'the system'],
          ],
          items,
          { hideCaption: true },
        ),
  );
}
