// npm run call -- CALLER [options]: plays Twilio's voice webhooks against a running callguard.
// Wiring only; the parts are in ./simulator/.
import { ConfigError, loadConfig, readEnvironment } from '../src/config/env.js';
import { parseCallArgs, USAGE } from './simulator/call-options.js';
import { runCall } from './simulator/run-call.js';

const parsed = parseCallArgs(process.argv.slice(2));
if (parsed.kind === 'help') {
  console.log(USAGE);
  process.exit(0);
}
if (parsed.kind === 'error') {
  console.error(`${parsed.message}\n\n${USAGE}`);
  process.exit(2);
}

let config;
try {
  config = loadConfig(readEnvironment());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

process.exitCode = await runCall(parsed.options, {
  config,
  output: { print: (line) => console.log(line), fail: (line) => console.error(line) },
});
