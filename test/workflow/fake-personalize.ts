/**
 * A small stateful stand-in for the Personalize control plane, served over AWS JSON 1.1 on 127.0.0.1, so the
 * real `@aws-sdk/client-personalize` client can call it. It covers only the operations the training state
 * machines use. Every Describe call advances an in-progress resource by one status, and each test script
 * decides how training and campaign updates end.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeVersion {
  arn: string;
  name?: string;
  trainingMode: string;
  status: string;
  failureReason?: string;
  metrics: Record<string, number>;
  /** Statuses the version still passes through, one per DescribeSolutionVersion call. */
  pending: string[];
}

export interface FakeCampaign {
  arn: string;
  solutionVersionArn: string;
  minProvisionedTPS: number;
  campaignConfig?: Record<string, unknown>;
  status: string;
  latestUpdate?: { solutionVersionArn: string; status: string; failureReason?: string; pending: string[] };
}

/** How the next CreateSolutionVersion ends: its final status, failure reason and metrics. */
export interface TrainingOutcome {
  /** `CREATE IN_PROGRESS` keeps the version training until StopSolutionVersionCreation. */
  status: 'ACTIVE' | 'CREATE FAILED' | 'CREATE IN_PROGRESS';
  failureReason?: string;
  metrics?: Record<string, number>;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

export class FakePersonalize {
  /** Per solution: its status, the statuses it still passes through, and the same for its latest UpdateSolution. */
  readonly solutions = new Map<
    string,
    { status: string; pending: string[]; updateStatus?: string; updatePending: string[] }
  >();
  readonly versions = new Map<string, FakeVersion>();
  readonly campaigns = new Map<string, FakeCampaign>();
  readonly calls: { operation: string; body: Record<string, unknown> }[] = [];
  /** Consumed in order by CreateSolutionVersion; ACTIVE with no metrics once empty. */
  readonly trainingOutcomes: TrainingOutcome[] = [];
  /** How the next UpdateCampaign ends; ACTIVE when unset. */
  campaignUpdateOutcome?: { status: 'ACTIVE' | 'CREATE FAILED' | 'CREATE IN_PROGRESS'; failureReason?: string };
  /** Set to make the next call of that operation fail with that error type. */
  readonly failNext = new Map<string, { type: string; message: string }>();
  private nextId = 1;

  addSolution(arn: string, status = 'ACTIVE', pending: string[] = [], updatePending: string[] = []): void {
    this.solutions.set(arn, { status, pending, updatePending });
  }

  addVersion(solutionArn: string, metrics: Record<string, number>): string {
    const arn = `${solutionArn}/${(this.nextId++).toString(16).padStart(8, '0')}`;
    this.versions.set(arn, { arn, trainingMode: 'FULL', status: 'ACTIVE', metrics, pending: [] });
    return arn;
  }

  addCampaign(arn: string, solutionVersionArn: string): void {
    this.campaigns.set(arn, { arn, solutionVersionArn, minProvisionedTPS: 1, status: 'ACTIVE' });
  }

  private readonly operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    DescribeSolution: (body) => {
      const solution = this.need(this.solutions.get(String(body.solutionArn)), 'solution', body.solutionArn);
      if (solution.pending.length > 0) solution.status = solution.pending.shift()!;
      if (solution.updatePending.length > 0) solution.updateStatus = solution.updatePending.shift()!;
      const latestSolutionUpdate = solution.updateStatus === undefined ? undefined : { status: solution.updateStatus };
      return { solution: { solutionArn: body.solutionArn, status: solution.status, latestSolutionUpdate } };
    },
    CreateSolutionVersion: (body) => {
      const solutionArn = String(body.solutionArn);
      this.need(this.solutions.get(solutionArn), 'solution', solutionArn);
      const outcome = this.trainingOutcomes.shift() ?? { status: 'ACTIVE' };
      const arn = `${solutionArn}/${(this.nextId++).toString(16).padStart(8, '0')}`;
      this.versions.set(arn, {
        arn,
        name: body.name === undefined ? undefined : String(body.name),
        trainingMode: String(body.trainingMode ?? 'FULL'),
        status: 'CREATE PENDING',
        failureReason: outcome.failureReason,
        metrics: outcome.metrics ?? {},
        pending: ['CREATE IN_PROGRESS', outcome.status],
      });
      return { solutionVersionArn: arn };
    },
    DescribeSolutionVersion: (body) => {
      const version = this.need(
        this.versions.get(String(body.solutionVersionArn)),
        'solution version',
        body.solutionVersionArn,
      );
      if (version.pending.length > 0) version.status = version.pending.shift()!;
      const { arn, name, trainingMode, status, failureReason } = version;
      return { solutionVersion: { solutionVersionArn: arn, name, trainingMode, status, failureReason } };
    },
    StopSolutionVersionCreation: (body) => {
      const arn = String(body.solutionVersionArn);
      const version = this.need(this.versions.get(arn), 'solution version', arn);
      version.status = 'CREATE STOPPING';
      version.pending = ['CREATE STOPPED'];
      return {};
    },
    GetSolutionMetrics: (body) => {
      const version = this.need(
        this.versions.get(String(body.solutionVersionArn)),
        'solution version',
        body.solutionVersionArn,
      );
      return { solutionVersionArn: version.arn, metrics: version.metrics };
    },
    DescribeCampaign: (body) => {
      const campaign = this.need(this.campaigns.get(String(body.campaignArn)), 'campaign', body.campaignArn);
      const update = campaign.latestUpdate;
      if (update && update.pending.length > 0) {
        update.status = update.pending.shift()!;
        if (update.status === 'ACTIVE') campaign.solutionVersionArn = update.solutionVersionArn;
      }
      const latestCampaignUpdate = update && {
        solutionVersionArn: update.solutionVersionArn,
        status: update.status,
        failureReason: update.failureReason,
      };
      const { arn, solutionVersionArn, minProvisionedTPS, campaignConfig, status } = campaign;
      return {
        campaign: {
          campaignArn: arn,
          solutionVersionArn,
          minProvisionedTPS,
          campaignConfig,
          status,
          latestCampaignUpdate,
        },
      };
    },
    UpdateCampaign: (body) => {
      const campaign = this.need(this.campaigns.get(String(body.campaignArn)), 'campaign', body.campaignArn);
      const solutionVersionArn = String(body.solutionVersionArn);
      const version = this.need(this.versions.get(solutionVersionArn), 'solution version', solutionVersionArn);
      if (version.status !== 'ACTIVE') {
        throw new ServiceError('InvalidInputException', `solution version ${solutionVersionArn} is not ACTIVE`);
      }
      const outcome = this.campaignUpdateOutcome ?? { status: 'ACTIVE' };
      this.campaignUpdateOutcome = undefined;
      campaign.latestUpdate = {
        solutionVersionArn,
        status: 'CREATE PENDING',
        failureReason: outcome.failureReason,
        pending: ['CREATE IN_PROGRESS', outcome.status],
      };
      return { campaignArn: campaign.arn };
    },
  };

  private need<T>(value: T | undefined, kind: string, arn: unknown): T {
    if (value === undefined)
      throw new ServiceError('ResourceNotFoundException', `${kind} ${String(arn)} does not exist`);
    return value;
  }

  /** Runs one operation as the service would; exported for tests that inspect the fake directly. */
  handle(operation: string, body: Record<string, unknown>): { status: number; payload: unknown } {
    this.calls.push({ operation, body });
    try {
      const injected = this.failNext.get(operation);
      if (injected) {
        this.failNext.delete(operation);
        throw new ServiceError(injected.type, injected.message);
      }
      const run = this.operations[operation];
      if (!run) throw new ServiceError('UnknownOperationException', `${operation} is not supported by the fake`);
      return { status: 200, payload: run(body) };
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      return { status: 400, payload: { __type: error.type, message: error.message } };
    }
  }
}

/** Serves `fake` on an ephemeral loopback port. */
export async function serveFake(fake: FakePersonalize): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? '').replace('AmazonPersonalize.', '');
      const body =
        chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const { status, payload } = fake.handle(operation, body);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
