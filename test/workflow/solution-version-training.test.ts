import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PersonalizeClient } from '@aws-sdk/client-personalize';
import { App, Stack } from 'aws-cdk-lib';
import { handler as signalHandler, TrainingSignalEvent } from '../../lambda/lifecycle/training-signal';
import { SolutionVersion } from '../../lib/solution-version';
import { ACCOUNT, definitionOf, personalizeHandlers, REGION, runDefinition } from './asl';
import { FakePersonalize, serveFake } from './fake-personalize';

const SOLUTION = `arn:aws:personalize:${REGION}:${ACCOUNT}:solution/movies`;
const VERSION_NAME = 'cfn-6f1c0d2e8b7a4f35a1c9e0d4b2a7c815';

interface ReceivedSignal {
  method?: string;
  path?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback listener that stands in for the wait condition handle's presigned S3 URL. */
async function startHandle(): Promise<{ server: Server; url: string; received: ReceivedSignal[] }> {
  const received: ReceivedSignal[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method,
        path: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/handle?X-Amz-Signature=abc`, received };
}

describe('training state machine', () => {
  const stack = new Stack(new App(), 'Training', { env: { account: ACCOUNT, region: REGION } });
  new SolutionVersion(stack, 'Version', { solution: SOLUTION });
  const definition = definitionOf(stack, 'VersionTrainingStateMachine');

  let fake: FakePersonalize;
  let service: { url: string; close(): Promise<void> };
  let handle: Awaited<ReturnType<typeof startHandle>>;
  let client: PersonalizeClient;

  beforeEach(async () => {
    fake = new FakePersonalize();
    service = await serveFake(fake);
    handle = await startHandle();
    client = new PersonalizeClient({
      endpoint: service.url,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    client.destroy();
    await service.close();
    await new Promise((resolve) => handle.server.close(resolve));
  });

  function run(trainingMode = 'FULL') {
    const signal = async (input: unknown) => (await signalHandler(input as TrainingSignalEvent)) as never;
    const handlers = { ...personalizeHandlers(definition, client), SignalSuccess: signal, SignalFailure: signal };
    const input = {
      SolutionArn: SOLUTION,
      TrainingMode: trainingMode,
      VersionName: VERSION_NAME,
      SignalUrl: handle.url,
    };
    return runDefinition(definition, input, handlers);
  }

  function onlyVersion() {
    expect(fake.versions.size).toBe(1);
    return [...fake.versions.values()][0];
  }

  test('success signal carries the version ARN', async () => {
    fake.addSolution(SOLUTION, 'CREATE IN_PROGRESS', ['ACTIVE']);
    const result = await run();
    expect(result.status).toBe('SUCCEEDED');
    const version = onlyVersion();
    expect(version.name).toBe(VERSION_NAME);
    expect(version.trainingMode).toBe('FULL');
    expect(handle.received).toHaveLength(1);
    expect(handle.received[0].method).toBe('PUT');
    expect(handle.received[0].path).toBe('/handle?X-Amz-Signature=abc');
    expect(handle.received[0].headers['content-type']).toBe('');
    expect(JSON.parse(handle.received[0].body)).toEqual({
      Status: 'SUCCESS',
      Reason: `solution version ${version.arn} is ACTIVE`,
      UniqueId: 'SolutionVersion',
      Data: version.arn,
    });
  });

  test('waits for a solution update', async () => {
    fake.addSolution(SOLUTION, 'ACTIVE', [], ['CREATE IN_PROGRESS', 'CREATE IN_PROGRESS', 'ACTIVE']);
    const result = await run('UPDATE');
    expect(result.status).toBe('SUCCEEDED');
    const describes = fake.calls.filter((call) => call.operation === 'DescribeSolution');
    expect(describes).toHaveLength(3);
    expect(onlyVersion().trainingMode).toBe('UPDATE');
  });

  test('failure signal carries the failure reason', async () => {
    fake.addSolution(SOLUTION);
    fake.trainingOutcomes.push({ status: 'CREATE FAILED', failureReason: 'Insufficient data: 900 interactions' });
    const result = await run();
    expect(result).toEqual({ status: 'FAILED', error: 'TrainingFailed', cause: 'Insufficient data: 900 interactions' });
    expect(JSON.parse(handle.received[0].body)).toEqual({
      Status: 'FAILURE',
      Reason: 'Insufficient data: 900 interactions',
      UniqueId: 'SolutionVersion',
      Data: '',
    });
  });

  test('SDK error becomes a failure signal', async () => {
    fake.addSolution(SOLUTION);
    fake.failNext.set('CreateSolutionVersion', { type: 'InvalidInputException', message: 'not enough users' });
    const result = await run();
    const reason = 'Personalize.InvalidInputException: not enough users';
    expect(result).toEqual({ status: 'FAILED', error: 'TrainingFailed', cause: reason });
    expect(JSON.parse(handle.received[0].body)).toEqual({
      Status: 'FAILURE',
      Reason: reason,
      UniqueId: 'SolutionVersion',
      Data: '',
    });
  });

  test('failed solution is not trained', async () => {
    fake.addSolution(SOLUTION, 'CREATE FAILED');
    const result = await run();
    const reason = `solution ${SOLUTION} cannot be trained because its status is CREATE FAILED`;
    expect(result.cause).toBe(reason);
    expect(JSON.parse(handle.received[0].body).Reason).toBe(reason);
    expect(fake.calls.map((call) => call.operation)).not.toContain('CreateSolutionVersion');
  });
});
