import { ConfigError, loadConfig, readEnvironment, type Config } from './config/env.js';
import { seedDemo, type DemoLogin } from './demo/seed-demo.js';
import { startServer } from './server.js';

function banner(config: Config, url: string, database: string, logins: DemoLogin[] | null): string {
  const lines = [
    '',
    `callguard is running at ${url}  (database: ${database})`,
    `  Agents' panel: ${url}/panel`,
    `  Supervisors:   ${url}/supervisor`,
    `  Health:        ${url}/healthz  (ready: ${url}/readyz, metrics: ${url}/metrics)`,
    `  Voice webhook: ${config.publicUrl}/webhooks/voice/incoming  (set this as the Twilio number's "A call comes in" URL, HTTP POST)`,
  ];
  if (config.twilio.usingDevCredentials) {
    lines.push('  Twilio:        no TWILIO_AUTH_TOKEN set; using a development token (fine for the call simulator, not for real calls)');
  }
  if (logins) {
    lines.push('  Demo logins:');
    for (const l of logins) lines.push(`    ${l.username.padEnd(12)} ${l.role.padEnd(11)} ${l.password}`);
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(readEnvironment());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
  const running = await startServer(config);
  const logins = config.demo ? await seedDemo(running.deps) : null;
  const where = running.database.kind === 'pglite' ? `embedded PGlite in ${config.database.kind === 'pglite' ? config.database.dataDir : ''}` : 'PostgreSQL';
  process.stdout.write(banner(config, running.url, where, logins));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    running.deps.logger.info({ signal }, 'shutting down');
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        running.deps.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
