/**
 * A trained, deployed solution in the local emulator, for running the training state machines against it.
 * The data and deployment steps are the emulator tests' own fixtures.
 */
import {
  CreateSolutionCommand,
  DescribeSolutionCommand,
  ListSolutionVersionsCommand,
} from '@aws-sdk/client-personalize';
import { DEFAULT_ENGINES } from '../../emulator/default-engines';
import { deployCampaign, deployData, Harness, startHarness, stopHarness, waitForStatus } from '../emulator/fixtures';
import { ACCOUNT, REGION } from './asl';

export interface Deployed {
  readonly harness: Harness;
  readonly solutionArn: string;
  readonly solutionVersionArn: string;
  readonly campaignArn: string;
  /** When set, the emulator's next trainings throw this message, which becomes their failureReason. */
  trainingFailure?: string;
  stop(): Promise<void>;
}

/** Starts an emulator, imports the fixture data and deploys a user-personalization campaign. */
export async function deployTrainedCampaign(): Promise<Deployed> {
  const control: { trainingFailure?: string } = {};
  const engines = {
    train: (...args: Parameters<typeof DEFAULT_ENGINES.train>) => {
      if (control.trainingFailure !== undefined) throw new Error(control.trainingFailure);
      return DEFAULT_ENGINES.train(...args);
    },
  };
  const harness = await startHarness({ account: ACCOUNT, region: REGION, engines });
  let arns: Awaited<ReturnType<typeof deployCampaign>>;
  try {
    const { datasetGroupArn } = await deployData(harness);
    arns = await deployCampaign(harness, datasetGroupArn, 'movies', 'aws-user-personalization');
  } catch (error) {
    await stopHarness(harness);
    throw error;
  }
  return {
    harness,
    ...arns,
    get trainingFailure() {
      return control.trainingFailure;
    },
    set trainingFailure(message: string | undefined) {
      control.trainingFailure = message;
    },
    stop: () => stopHarness(harness),
  };
}

/** Returns the solution's versions other than `known`, newest first. */
export async function newVersions(deployed: Deployed, known: readonly string[]): Promise<string[]> {
  const listed = await deployed.harness.control.send(
    new ListSolutionVersionsCommand({ solutionArn: deployed.solutionArn }),
  );
  return (listed.solutionVersions ?? [])
    .map((summary) => summary.solutionVersionArn!)
    .filter((arn) => !known.includes(arn));
}

/**
 * Starts an emulator whose statuses change `statusDelayMs` apart and creates an ACTIVE solution without versions.
 * A long delay keeps a new solution version in CREATE PENDING long enough to act on it before training starts.
 */
export async function deploySolution(statusDelayMs: number): Promise<{ harness: Harness; solutionArn: string }> {
  const harness = await startHarness({ account: ACCOUNT, region: REGION, statusDelayMs });
  try {
    const { control } = harness;
    const { datasetGroupArn } = await deployData(harness);
    const created = await control.send(
      new CreateSolutionCommand({
        name: 'movies',
        datasetGroupArn,
        recipeArn: 'arn:aws:personalize:::recipe/aws-user-personalization',
        performAutoTraining: false,
      }),
    );
    const solutionArn = created.solutionArn!;
    await waitForStatus(
      async () => (await control.send(new DescribeSolutionCommand({ solutionArn }))).solution?.status,
    );
    return { harness, solutionArn };
  } catch (error) {
    // The caller gets no harness to stop when set-up fails, so stop it here rather than leave its server listening.
    await stopHarness(harness);
    throw error;
  }
}
