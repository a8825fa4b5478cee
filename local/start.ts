/**
 * `npm start`: runs the whole stack on 127.0.0.1 with the bundled MovieLens sample. It starts the Personalize emulator,
 * provisions the sample through the control-plane client (imports, training, campaigns, filters, event tracker), then
 * serves the Lambda handlers as an API Gateway HTTP API would, with the SDK clients pointed at the emulator.
 *
 * Options (flags win over environment variables):
 *   --port N           API port (env PORT, default 3000)
 *   --emulator-port N  emulator port (env EMULATOR_PORT, default 3001)
 *   --host ADDRESS     listen address (env HOST, default 127.0.0.1)
 */
import { PersonalizeClient } from '@aws-sdk/client-personalize';
import { createEmulator, type Emulator } from '../emulator';
import { SAMPLE_DATA_DIR } from '../schema/sample-data';
import { startHttpApi, type HttpApiOptions, type RunningHttpApi } from './http-api';
import { provisionSample, SAMPLE_BUCKET, type ProvisionedSample } from './provision';
import { printExamples } from './examples';

export interface LocalStackOptions {
  readonly port: number;
  readonly emulatorPort: number;
  readonly host: string;
  /** Receives progress lines; silent when absent. */
  readonly onProgress?: (message: string) => void;
  /** Passed to the HTTP API adapter; the Powertools logger writes JSON lines to stdout when absent. */
  readonly apiLogger?: HttpApiOptions['logger'];
}

export interface LocalStack {
  readonly apiUrl: string;
  readonly emulatorUrl: string;
  readonly sample: ProvisionedSample;
  close(): Promise<void>;
}

/** Local credentials: the emulator accepts any signature, and real ones are never needed or read. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
const LOCAL_REGION = 'us-east-1';

/** Starts the emulator and the API and provisions the sample; used by `npm start` and the end-to-end test. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const progress = options.onProgress ?? (() => undefined);
  let emulator: Emulator | undefined;
  let api: RunningHttpApi | undefined;
  try {
    emulator = await createEmulator({
      port: options.emulatorPort,
      host: options.host,
      region: LOCAL_REGION,
      buckets: { [SAMPLE_BUCKET]: SAMPLE_DATA_DIR },
    });
    progress(`emulator listening on ${emulator.url}`);

    const control = new PersonalizeClient({
      endpoint: emulator.url,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const started = Date.now();
    const sample = await provisionSample(control, { onProgress: progress });
    control.destroy();
    progress(`sample ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    api = await startHttpApi({
      port: options.port,
      host: options.host,
      env: handlerEnvironment(emulator.url, sample),
      ...(options.apiLogger === undefined ? {} : { logger: options.apiLogger }),
    });
    const running = { emulator, api };
    return {
      apiUrl: api.url,
      emulatorUrl: emulator.url,
      sample,
      close: async () => {
        await running.api.close();
        await running.emulator.close();
      },
    };
  } catch (error) {
    await api?.close();
    await emulator?.close();
    throw error;
  }
}

/** Builds the environment the deployed handlers get from the stack, with the emulator in place of the AWS endpoints. */
export function handlerEnvironment(emulatorUrl: string, sample: ProvisionedSample): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_PERSONALIZE: emulatorUrl,
    AWS_ENDPOINT_URL_PERSONALIZE_RUNTIME: emulatorUrl,
    AWS_ENDPOINT_URL_PERSONALIZE_EVENTS: emulatorUrl,
    RECOMMENDATIONS_CAMPAIGN_ARN: sample.campaignArns.recommendations,
    RELATED_ITEMS_CAMPAIGN_ARN: sample.campaignArns.relatedItems,
    RANKING_CAMPAIGN_ARN: sample.campaignArns.ranking,
    EVENT_TRACKING_ID: sample.trackingId,
    ITEMS_DATASET_ARN: sample.itemsDatasetArn,
    FILTER_ARNS: JSON.stringify(sample.filterArns),
  };
}

function parsePort(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be an integer from 0 to 65535 (received ${JSON.stringify(raw)})`);
  }
  return port;
}

export const USAGE = `usage: npm start -- [--port N] [--emulator-port N] [--host ADDRESS]

  --port N           port of the HTTP API (env PORT, default 3000)
  --emulator-port N  port of the Personalize emulator (env EMULATOR_PORT, default 3001)
  --host ADDRESS     address both listen on (env HOST, default 127.0.0.1)`;

const OPTION_NAMES = ['--port', '--emulator-port', '--host'];

/**
 * Reads flags (`--port 8080` or `--port=8080`) and environment variables into options; throws naming the flag and the
 * value on bad input. Returns undefined for `--help`.
 */
export function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv): LocalStackOptions | undefined {
  const flags = new Map<string, string>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') return undefined;
    const [flag, inline] = argument.includes('=') ? argument.split(/=(.*)/s, 2) : [argument, undefined];
    if (!OPTION_NAMES.includes(flag)) {
      throw new Error(
        `unknown option ${JSON.stringify(flag)}; the options are --port, --emulator-port and --host (see --help)`,
      );
    }
    const value = inline ?? argv[++index];
    if (value === undefined) throw new Error(`option ${flag} needs a value`);
    flags.set(flag, value);
  }
  return {
    port: parsePort('--port', flags.get('--port') ?? env.PORT, 3000),
    emulatorPort: parsePort('--emulator-port', flags.get('--emulator-port') ?? env.EMULATOR_PORT, 3001),
    host: flags.get('--host') ?? env.HOST ?? '127.0.0.1',
  };
}

/** Adds what to do next to errors a user can fix, such as a port in use. */
function explainStartFailure(error: unknown): string {
  const { code, message, port } = error as NodeJS.ErrnoException & { port?: number };
  if (code === 'EADDRINUSE') {
    const which = port === undefined ? 'a port' : `port ${port}`;
    return `${message}; ${which} is in use, so choose others with --port and --emulator-port`;
  }
  return (error as Error).message;
}

async function main(): Promise<void> {
  const options = parseStartOptions(process.argv.slice(2), process.env);
  if (options === undefined) {
    console.log(USAGE);
    return;
  }
  // The SDK clients read region and credentials from the process environment, as they do in Lambda.
  process.env.AWS_REGION = LOCAL_REGION;
  process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  const log = (message: string) => console.log(`[start] ${message}`);

  let stack: LocalStack | undefined;
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received, shutting down`);
    // Before the stack is up there is nothing to close: the servers close with the process.
    (stack?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[start] shutdown failed', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  log('loading the MovieLens sample and training the local models');
  stack = await startLocalStack({ ...options, onProgress: log });
  if (!stopping) printExamples(stack.apiUrl);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`[start] failed: ${explainStartFailure(error)}`);
    process.exit(1);
  });
}
