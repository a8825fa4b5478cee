import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateSolutionVersionCommand,
  DescribeSolutionVersionCommand,
  PersonalizeClient,
  StopSolutionVersionCreationCommand,
} from '@aws-sdk/client-personalize';
import { App, Stack } from 'aws-cdk-lib';
import { handler as signalHandler, TrainingSignalEvent } from '../../lambda/lifecycle/training-signal';
import { SolutionVersion } from '../../lib/solution-version';
import { ACCOUNT, definitionOf, personalizeHandlers, REGION, runDefinition } from './asl';
import { stopHarness } from '../emulator/fixtures';
import { Deployed, deploySolution, deployTrainedCampaign, newVersions } from './emulator-setup';
import { FakePersonalize, serveFake } from './fake-personalize';

const SOLUTION = `arn:aws:personalize:${REGION}:${ACCOUNT}:solution/movies`;
const VERSION_NAME = 'cfn-6f1c0d2e8b7a4f35a1c9e0d4b2a7c815';

interface ReceivedSignal {
  method?: string;
  path?: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Starts a loopback listener in place of the wait condition handle's presigned S3 URL. */
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

describe('training state machine on the emulator', () => {
  let deployed: Deployed;
  let handle: Awaited<ReturnType<typeof startHandle>>;

  beforeEach(async () => {
    deployed = await deployTrainedCampaign();
    handle = await startHandle();
  });

  afterEach(async () => {
    await deployed.stop();
    await new Promise((resolve) => handle.server.close(resolve));
  });

  function train(solutionArn = deployed.solutionArn, trainingMode = 'FULL') {
    const stack = new Stack(new App(), 'Training', { env: { account: ACCOUNT, region: REGION } });
    new SolutionVersion(stack, 'Version', { solution: solutionArn });
    const definition = definitionOf(stack, 'VersionTrainingStateMachine');
    const signal = async (input: unknown) => (await signalHandler(input as TrainingSignalEvent)) as never;
    const handlers = {
      ...personalizeHandlers(definition, deployed.harness.control),
      SignalSuccess: signal,
      SignalFailure: signal,
    };
    const input = {
      SolutionArn: solutionArn,
      TrainingMode: trainingMode,
      VersionName: VERSION_NAME,
      SignalUrl: handle.url,
    };
    return runDefinition(definition, input, handlers, { waitMs: 5 });
  }

  test('success signal carries the version ARN', async () => {
    const result = await train();
    expect(result.status).toBe('SUCCEEDED');
    const [created] = await newVersions(deployed, [deployed.solutionVersionArn]);
    const described = await deployed.harness.control.send(
      new DescribeSolutionVersionCommand({ solutionVersionArn: created }),
    );
    expect(described.solutionVersion?.status).toBe('ACTIVE');
    expect(described.solutionVersion?.name).toBe(VERSION_NAME);
    expect(described.solutionVersion?.trainingMode).toBe('FULL');
    expect(handle.received).toHaveLength(1);
    expect(handle.received[0].method).toBe('PUT');
    expect(handle.received[0].path).toBe('/handle?X-Amz-Signature=abc');
    expect(handle.received[0].headers['content-type']).toBe('');
    expect(JSON.parse(handle.received[0].body)).toEqual({
      Status: 'SUCCESS',
      Reason: `solution version ${created} is ACTIVE`,
      UniqueId: 'SolutionVersion',
      Data: created,
    });
  });

  test('update mode reaches the service', async () => {
    const result = await train(deployed.solutionArn, 'UPDATE');
    expect(result.status).toBe('SUCCEEDED');
    const [created] = await newVersions(deployed, [deployed.solutionVersionArn]);
    const described = await deployed.harness.control.send(
      new DescribeSolutionVersionCommand({ solutionVersionArn: created }),
    );
    expect(described.solutionVersion?.trainingMode).toBe('UPDATE');
  });

  test('failure signal carries the failure reason', async () => {
    deployed.trainingFailure = 'training needs at least 25 users with 2 interactions';
    const result = await train();
    const reason = 'training needs at least 25 users with 2 interactions';
    expect(result).toEqual({ status: 'FAILED', error: 'TrainingFailed', cause: reason });
    expect(JSON.parse(handle.received[0].body)).toEqual({
      Status: 'FAILURE',
      Reason: reason,
      UniqueId: 'SolutionVersion',
      Data: '',
    });
  });

  test('SDK error becomes a failure signal', async () => {
    const missing = `arn:aws:personalize:${REGION}:${ACCOUNT}:solution/missing`;
    const result = await train(missing);
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('TrainingFailed');
    expect(result.cause).toMatch(/^Personalize\.ResourceNotFoundException: /);
    expect(result.cause).toContain(missing);
    expect(JSON.parse(handle.received[0].body)).toEqual({
      Status: 'FAILURE',
      Reason: result.cause,
      UniqueId: 'SolutionVersion',
      Data: '',
    });
  });
});

// The emulator's solutions never report an UpdateSolution in progress or a failed creation, so these cases
// run against the small fake service.
describe('training state machine on the fake service', () => {
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

  test('waits for a solution update', async () => {
    fake.addSolution(SOLUTION, 'ACTIVE', [], ['CREATE IN_PROGRESS', 'CREATE IN_PROGRESS', 'ACTIVE']);
    const result = await run('UPDATE');
    expect(result.status).toBe('SUCCEEDED');
    const describes = fake.calls.filter((call) => call.operation === 'DescribeSolution');
    expect(describes).toHaveLength(3);
    expect(onlyVersion().trainingMode).toBe('UPDATE');
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

describe('training run delete on the emulator', () => {
  test('stops the named training', async () => {
    // 500 ms between statuses keeps the new version in CREATE PENDING while the handler looks for it.
    const { harness, solutionArn } = await deploySolution(500);
    try {
      const { stopTraining } = await import('../../lambda/lifecycle/solution-version-resource');
      const other = await harness.control.send(new CreateSolutionVersionCommand({ solutionArn, name: 'other' }));
      await harness.control.send(
        new StopSolutionVersionCreationCommand({ solutionVersionArn: other.solutionVersionArn }),
      );
      const started = await harness.control.send(new CreateSolutionVersionCommand({ solutionArn, name: VERSION_NAME }));
      await stopTraining(solutionArn, VERSION_NAME, harness.control);
      const described = await harness.control.send(
        new DescribeSolutionVersionCommand({ solutionVersionArn: started.solutionVersionArn }),
      );
      expect(described.solutionVersion?.status).toBe('CREATE STOPPING');
      await expect(stopTraining(solutionArn, VERSION_NAME, harness.control)).resolves.toBeUndefined();
    } finally {
      await stopHarness(harness);
    }
  });
});
