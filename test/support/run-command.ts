import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Commands run as an operator would run them: a child process that sees only PATH, HOME and what it is given,
// so a test cannot pass because of something in its own environment.

const exec = promisify(execFile);

export interface CommandResult {
  /** The exit code (0 when it succeeded). */
  code: number;
  /** Standard output, then standard error. */
  out: string;
}

export async function runCommand(command: string, args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await exec(command, args, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: `${e.stdout}${e.stderr}` };
  }
}

/** `npm run <script> -- <args>`, as runCommand runs it. */
export function npmRun(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<CommandResult> {
  return runCommand('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], env);
}
