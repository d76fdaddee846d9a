import { readdirSync, readFileSync } from 'node:fs';

// CPU used by the machine's PostgreSQL processes (Linux /proc), to show how much of the machine the database
// took during a run. Null where /proc cannot tell (another OS, or PostgreSQL on another machine).

const TICKS_PER_SECOND = 100;

export function postgresCpuMs(): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  let ticks = 0;
  let found = false;
  for (const pid of entries) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ...": comm may hold spaces, so fields are counted after its closing parenthesis.
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {
      // The process ended while being read.
    }
  }
  return found ? (ticks * 1000) / TICKS_PER_SECOND : null;
}
