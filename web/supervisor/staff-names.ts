import type { Api } from './api.js';
import type { DirectoryEntry } from './api-types.js';

// Names for staff ids (proposers, authorisers, a SPOC), from GET /api/staff/directory, read once per sign-in.

export interface StaffNames {
  load(): Promise<DirectoryEntry[]>;
  /** The name of an id already loaded; "a member of staff" otherwise (one who has since left, say). */
  name(id: string | null | undefined): string;
}

export function createStaffNames(api: Api): StaffNames {
  let entries: DirectoryEntry[] = [];
  let loading: Promise<DirectoryEntry[]> | null = null;
  return {
    load() {
      loading ??= api.get<{ items: DirectoryEntry[] }>('/api/staff/directory').then((result) => {
        if (!result.ok) {
          loading = null;
          return [];
        }
        entries = result.body.items;
        return entries;
      });
      return loading;
    },
    name: (id) => (id ? (entries.find((e) => e.id === id)?.displayName ?? 'a member of staff') : '—'),
  };
}
