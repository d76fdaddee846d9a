export const ROLES = ['agent', 'supervisor', 'director', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The member of staff making a request. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

/** Roles that hold authority under the policies (R5); `admin` runs the system, not the policies. */
export const AUTHORISING_ROLES: readonly Role[] = ['supervisor', 'director'];
export const SUPERVISING_ROLES: readonly Role[] = ['supervisor', 'director', 'admin'];
