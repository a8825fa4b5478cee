import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDatasetGroupFieldLimit } from '../../filter';
import { hyperparameterNames, MIN_TRAINING_INTERACTIONS } from '../../scorer';
import {
  CreateCampaignCommand,
  CreateDatasetCommand,
  CreateDatasetGroupCommand,
  CreateSchemaCommand,
  CreateDatasetImportJobCommand,
  CreateEventTrackerCommand,
  CreateFilterCommand,
  CreateSolutionCommand,
  CreateSolutionVersionCommand,
  DeleteCampaignCommand,
  DeleteDatasetGroupCommand,
  DeleteSchemaCommand,
  DeleteSolutionCommand,
  DescribeCampaignCommand,
  DescribeDatasetCommand,
  DescribeDatasetGroupCommand,
  DescribeDatasetImportJobCommand,
  DescribeSolutionCommand,
  DescribeSolutionVersionCommand,
  GetSolutionMetricsCommand,
  ListSolutionVersionsCommand,
  StopSolutionVersionCreationCommand,
  UpdateCampaignCommand,
  UpdateSolutionCommand,
} from '@aws-sdk/client-personalize';
import {
  deployCampaign,
  deployData,
  startHarness,
  stopHarness,
  waitForStatus,
  type Deployment,
  type Harness,
} from './fixtures';

let harness: Harness;
let deployment: Deployment;
let deployed: { solutionArn: string; solutionVersionArn: string; campaignArn: string };

beforeAll(async () => {
  // A longer delay between statuses, so every intermediate status can be observed.
  harness = await startHarness({ statusDelayMs: 25 });
  deployment = await deployData(harness);
  deployed = await deployCampaign(harness, deployment.datasetGroupArn, 'user-p', 'aws-user-personalization');
});

afterAll(async () => {
  await stopHarness(harness);
});

const ARN_PREFIX = 'arn:aws:personalize:us-east-1:000000000000';

describe('status sequences', () => {
  test('dataset group goes from CREATE PENDING to ACTIVE', async () => {
    const { datasetGroupArn } = await harness.control.send(new CreateDatasetGroupCommand({ name: 'sequence' }));
    expect(datasetGroupArn).toBe(`${ARN_PREFIX}:dataset-group/sequence`);
    const seen = await waitForStatus(
      async () =>
        (await harness.control.send(new DescribeDatasetGroupCommand({ datasetGroupArn }))).datasetGroup?.status,
    );
    expect(seen).toEqual(['CREATE PENDING', 'CREATE IN_PROGRESS', 'ACTIVE']);
  });

  test('describe returns dates as Date objects', async () => {
    const { datasetGroup } = await harness.control.send(
      new DescribeDatasetGroupCommand({ datasetGroupArn: deployment.datasetGroupArn }),
    );
    expect(datasetGroup!.creationDateTime).toBeInstanceOf(Date);
    expect(Math.abs(datasetGroup!.creationDateTime!.getTime() - Date.now())).toBeLessThan(3_600_000);
  });

  test('dataset describes its type and schema', async () => {
    const { dataset } = await harness.control.send(
      new DescribeDatasetCommand({ datasetArn: deployment.datasetArns.Items }),
    );
    expect(dataset).toMatchObject({
      datasetArn: `${ARN_PREFIX}:dataset/movies/ITEMS`,
      datasetType: 'Items',
      schemaArn: deployment.schemaArns.Items,
      datasetGroupArn: deployment.datasetGroupArn,
      status: 'ACTIVE',
    });
  });

  test('solution version trains and reports metrics', async () => {
    const { solutionVersion } = await harness.control.send(
      new DescribeSolutionVersionCommand({ solutionVersionArn: deployed.solutionVersionArn }),
    );
    expect(solutionVersion).toMatchObject({
      status: 'ACTIVE',
      trainingMode: 'FULL',
      solutionArn: `${ARN_PREFIX}:solution/user-p`,
      recipeArn: 'arn:aws:personalize:::recipe/aws-user-personalization',
    });
    expect(deployed.solutionVersionArn).toMatch(new RegExp(`^${ARN_PREFIX}:solution/user-p/[0-9a-f]{8}$`));
    const { metrics } = await harness.control.send(
      new GetSolutionMetricsCommand({ solutionVersionArn: deployed.solutionVersionArn }),
    );
    expect(Object.keys(metrics!).sort()).toEqual([
      'coverage',
      'mean_reciprocal_rank_at_25',
      'normalized_discounted_cumulative_gain_at_10',
      'normalized_discounted_cumulative_gain_at_25',
      'normalized_discounted_cumulative_gain_at_5',
      'precision_at_10',
      'precision_at_25',
      'precision_at_5',
    ]);
  });

  test('stopped solution version ends in CREATE STOPPED', async () => {
    const { solutionVersionArn } = await harness.control.send(
      new CreateSolutionVersionCommand({ solutionArn: deployed.solutionArn, trainingMode: 'UPDATE' }),
    );
    await harness.control.send(new StopSolutionVersionCreationCommand({ solutionVersionArn }));
    const seen = await waitForStatus(
      async () =>
        (await harness.control.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion
          ?.status,
      ['CREATE STOPPED'],
    );
    expect(seen).toEqual(['CREATE STOPPING', 'CREATE STOPPED']);
    const { solutionVersions } = await harness.control.send(
      new ListSolutionVersionsCommand({ solutionArn: deployed.solutionArn }),
    );
    expect(
      solutionVersions!.map((version) => [version.solutionVersionArn, version.status, version.trainingMode]),
    ).toEqual([
      [solutionVersionArn, 'CREATE STOPPED', 'UPDATE'],
      [deployed.solutionVersionArn, 'ACTIVE', 'FULL'],
    ]);
  });

  test('training failure ends in CREATE FAILED', async () => {
    const { solutionArn } = await harness.control.send(
      new CreateSolutionCommand({
        name: 'purchases',
        datasetGroupArn: deployment.datasetGroupArn,
        recipeArn: 'arn:aws:personalize:::recipe/aws-user-personalization',
        eventType: 'purchase',
      }),
    );
    const { solutionVersionArn } = await harness.control.send(new CreateSolutionVersionCommand({ solutionArn }));
    const seen = await waitForStatus(
      async () =>
        (await harness.control.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion
          ?.status,
    );
    expect(seen).toEqual(['CREATE PENDING', 'CREATE IN_PROGRESS', 'CREATE FAILED']);
    const { solutionVersion } = await harness.control.send(new DescribeSolutionVersionCommand({ solutionVersionArn }));
    expect(solutionVersion!.failureReason).toBe(
      `training data must contain at least ${MIN_TRAINING_INTERACTIONS} interactions of event type "purchase", received 0`,
    );
    await expect(
      harness.control.send(new CreateCampaignCommand({ name: 'from-failed', solutionVersionArn })),
    ).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: `solution version ${solutionVersionArn} is CREATE FAILED; a campaign needs an ACTIVE solution version`,
    });
  });

  test('unknown hyperparameter is rejected at creation', async () => {
    await expect(
      harness.control.send(
        new CreateSolutionCommand({
          name: 'tuned',
          datasetGroupArn: deployment.datasetGroupArn,
          recipeArn: 'arn:aws:personalize:::recipe/aws-sims',
          solutionConfig: { algorithmHyperParameters: { exploration_weight: '0.5' } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: `solutionConfig.algorithmHyperParameters: unknown hyperparameter "exploration_weight" for recipe aws-sims: expected one of ${hyperparameterNames('aws-sims').join(', ')}`,
    });
  });

  test('UpdateSolution turns automatic training off', async () => {
    const before = await harness.control.send(new DescribeSolutionCommand({ solutionArn: deployed.solutionArn }));
    expect(before.solution!.performAutoTraining).toBe(false);
    const { solutionArn } = await harness.control.send(
      new CreateSolutionCommand({
        name: 'auto',
        datasetGroupArn: deployment.datasetGroupArn,
        recipeArn: 'arn:aws:personalize:::recipe/aws-popularity-count',
      }),
    );
    await waitForStatus(
      async () => (await harness.control.send(new DescribeSolutionCommand({ solutionArn }))).solution?.status,
    );
    const created = await harness.control.send(new DescribeSolutionCommand({ solutionArn }));
    expect(created.solution!.performAutoTraining).toBe(true);
    await harness.control.send(new UpdateSolutionCommand({ solutionArn, performAutoTraining: false }));
    const updated = await harness.control.send(new DescribeSolutionCommand({ solutionArn }));
    expect(updated.solution!.performAutoTraining).toBe(false);
    expect(updated.solution!.latestSolutionUpdate).toMatchObject({ status: 'ACTIVE', performAutoTraining: false });
  });
});

describe('UpdateCampaign', () => {
  test('deploys a new exploration config', async () => {
    const campaignConfig = { itemExplorationConfig: { explorationWeight: '0.1', explorationItemAgeCutOff: '7' } };
    await harness.control.send(new UpdateCampaignCommand({ campaignArn: deployed.campaignArn, campaignConfig }));
    const seen = await waitForStatus(async () => {
      const { campaign } = await harness.control.send(
        new DescribeCampaignCommand({ campaignArn: deployed.campaignArn }),
      );
      return campaign?.latestCampaignUpdate?.status;
    });
    expect(seen[seen.length - 1]).toBe('ACTIVE');
    const { campaign } = await harness.control.send(new DescribeCampaignCommand({ campaignArn: deployed.campaignArn }));
    expect(campaign).toMatchObject({ status: 'ACTIVE', campaignConfig, minProvisionedTPS: 1 });
  });

  test('rejects a campaign that is not ACTIVE', async () => {
    const { campaignArn } = await harness.control.send(
      new CreateCampaignCommand({ name: 'pending', solutionVersionArn: deployed.solutionVersionArn }),
    );
    await expect(
      harness.control.send(new UpdateCampaignCommand({ campaignArn, minProvisionedTPS: 2 })),
    ).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: `campaign ${campaignArn} is CREATE PENDING; it must be ACTIVE or CREATE FAILED to update`,
      $metadata: { httpStatusCode: 409 },
    });
  });

  test('rejects an exploration weight above 1', async () => {
    await expect(
      harness.control.send(
        new UpdateCampaignCommand({
          campaignArn: deployed.campaignArn,
          campaignConfig: { itemExplorationConfig: { explorationWeight: '1.5' } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: "campaignConfig.itemExplorationConfig.explorationWeight: must be a number from 0 to 1; received '1.5'",
    });
  });
});

describe('dataset import jobs', () => {
  async function importFile(jobName: string, dataLocation: string) {
    const { datasetImportJobArn } = await harness.control.send(
      new CreateDatasetImportJobCommand({
        jobName,
        datasetArn: deployment.datasetArns.Items,
        dataSource: { dataLocation },
      }),
    );
    await waitForStatus(
      async () =>
        (await harness.control.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn }))).datasetImportJob
          ?.status,
    );
    return (await harness.control.send(new DescribeDatasetImportJobCommand({ datasetImportJobArn }))).datasetImportJob!;
  }

  test('bad CSV fails with the line number', async () => {
    writeFileSync(
      join(harness.bucket, 'bad-items.csv'),
      'ITEM_ID,GENRES,CREATION_TIMESTAMP\ni1,Drama,5\ni2,Drama,soon\n',
    );
    const job = await importFile('bad-items', 's3://test-data/bad-items.csv');
    expect(job.status).toBe('CREATE FAILED');
    expect(job.failureReason).toContain(`${join(harness.bucket, 'bad-items.csv')}: invalid CSV: line 3`);
    expect(harness.emulator.state.datasetGroup(deployment.datasetGroupArn).records.item('i1')).toBeDefined();
  });

  test('unmapped bucket fails with the mapped names', async () => {
    const job = await importFile('elsewhere', 's3://other-bucket/items.csv');
    expect(job.failureReason).toBe("bucket 'other-bucket' has no local directory; the emulator maps test-data");
  });

  test('key outside the bucket directory fails', async () => {
    const job = await importFile('escape', 's3://test-data/../items.csv');
    expect(job.failureReason).toBe(
      "dataSource.dataLocation: key '../items.csv' leaves the directory of bucket 'test-data'",
    );
  });
});

describe('deletes', () => {
  test('dataset group with datasets is in use', async () => {
    const error = await harness.control
      .send(new DeleteDatasetGroupCommand({ datasetGroupArn: deployment.datasetGroupArn }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ name: 'ResourceInUseException', $metadata: { httpStatusCode: 409 } });
    expect((error as Error).message).toContain(
      `dataset group ${deployment.datasetGroupArn} still has resources; delete them first: ${deployment.datasetArns.Interactions}`,
    );
  });

  test('schema used by a dataset is in use', async () => {
    await expect(
      harness.control.send(new DeleteSchemaCommand({ schemaArn: deployment.schemaArns.Items })),
    ).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: `schema ${deployment.schemaArns.Items} is used by ${deployment.datasetArns.Items}`,
    });
  });

  test('solution with a campaign is in use, then deletable', async () => {
    const { solutionArn, solutionVersionArn, campaignArn } = await deployCampaign(
      harness,
      deployment.datasetGroupArn,
      'to-delete',
      'aws-popularity-count',
    );
    await expect(harness.control.send(new DeleteSolutionCommand({ solutionArn }))).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: `solution ${solutionArn} has versions deployed in campaigns; delete them first: ${campaignArn}`,
    });
    await harness.control.send(new DeleteCampaignCommand({ campaignArn }));
    const seen = await waitForStatus(
      () =>
        harness.control
          .send(new DescribeCampaignCommand({ campaignArn }))
          .then((response) => response.campaign?.status)
          .catch((error: Error) => error.name),
      ['ResourceNotFoundException'],
    );
    expect(seen).toEqual(['DELETE PENDING', 'DELETE IN_PROGRESS', 'ResourceNotFoundException']);
    await expect(harness.control.send(new DeleteCampaignCommand({ campaignArn }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `campaign ${campaignArn} does not exist`,
      $metadata: { httpStatusCode: 404 },
    });
    await harness.control.send(new DeleteSolutionCommand({ solutionArn }));
    await waitForStatus(
      () =>
        harness.control
          .send(new DescribeSolutionVersionCommand({ solutionVersionArn }))
          .then((response) => response.solutionVersion?.status)
          .catch((error: Error) => error.name),
      ['ResourceNotFoundException'],
    );
  });
});

describe('control-plane validation', () => {
  test.each([
    [
      'invalid name',
      () => new CreateDatasetGroupCommand({ name: '-bad name' }),
      'InvalidInputException',
      "1 validation error detected: Value '-bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9][a-zA-Z0-9\\-_]*",
    ],
    [
      'name over 63 characters',
      () => new CreateDatasetGroupCommand({ name: 'a'.repeat(64) }),
      'InvalidInputException',
      `1 validation error detected: Value '${'a'.repeat(64)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 63`,
    ],
    [
      'duplicate dataset group',
      () => new CreateDatasetGroupCommand({ name: 'movies' }),
      'ResourceAlreadyExistsException',
      `dataset group ${ARN_PREFIX}:dataset-group/movies already exists`,
    ],
    [
      'unknown recipe',
      () =>
        new CreateSolutionCommand({
          name: 'bad-recipe',
          datasetGroupArn: `${ARN_PREFIX}:dataset-group/movies`,
          recipeArn: 'arn:aws:personalize:::recipe/aws-hrnn',
        }),
      'InvalidInputException',
      "recipeArn: must be arn:aws:personalize:::recipe/NAME with NAME one of aws-user-personalization, aws-user-personalization-v2, aws-personalized-ranking, aws-personalized-ranking-v2, aws-sims, aws-popularity-count; received 'arn:aws:personalize:::recipe/aws-hrnn'",
    ],
    [
      'minProvisionedTPS of 0',
      () =>
        new CreateCampaignCommand({
          name: 'zero',
          solutionVersionArn: `${ARN_PREFIX}:solution/x/1`,
          minProvisionedTPS: 0,
        }),
      'InvalidInputException',
      "1 validation error detected: Value '0' at 'minProvisionedTPS' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      'unknown training mode',
      () =>
        new CreateSolutionVersionCommand({
          solutionArn: `${ARN_PREFIX}:solution/user-p`,
          trainingMode: 'PARTIAL' as 'FULL',
        }),
      'InvalidInputException',
      "1 validation error detected: Value 'PARTIAL' at 'trainingMode' failed to satisfy constraint: Member must satisfy enum value set: [FULL, UPDATE, AUTOTRAIN]",
    ],
    [
      'missing solution',
      () => new DescribeSolutionCommand({ solutionArn: `${ARN_PREFIX}:solution/none` }),
      'ResourceNotFoundException',
      `solution ${ARN_PREFIX}:solution/none does not exist`,
    ],
    [
      'unsupported solutionConfig member',
      () =>
        new CreateSolutionCommand({
          name: 'hpo',
          datasetGroupArn: `${ARN_PREFIX}:dataset-group/movies`,
          recipeArn: 'arn:aws:personalize:::recipe/aws-sims',
          solutionConfig: { eventValueThreshold: '3' },
        }),
      'InvalidInputException',
      'solutionConfig: eventValueThreshold not emulated; the emulator supports algorithmHyperParameters, autoTrainingConfig',
    ],
    [
      'unknown dataset type',
      () =>
        new CreateDatasetCommand({
          name: 'actions',
          schemaArn: `${ARN_PREFIX}:schema/movies-Items`,
          datasetGroupArn: `${ARN_PREFIX}:dataset-group/movies`,
          datasetType: 'Actions',
        }),
      'InvalidInputException',
      "datasetType: must be one of Interactions, Items, Users; received 'Actions'",
    ],
    [
      'invalid nextToken',
      () => new ListSolutionVersionsCommand({ nextToken: 'abc' }),
      'InvalidNextTokenException',
      "nextToken: 'abc' is not a token this call returned",
    ],
  ])('%s', async (_case, command, name, message) => {
    await expect(harness.control.send(command() as never)).rejects.toMatchObject({ name, message });
  });

  test('schema errors name the rule', async () => {
    const schema = JSON.stringify({ type: 'record', name: 'Items', fields: [{ name: 'GENRES', type: 'string' }] });
    const error = await harness.control
      .send(new CreateSchemaCommand({ name: 'no-item-id-2', schema }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toBe('schema: invalid schema: Items schemas require field ITEM_ID of type string');
  });

  test('duplicate names get status 403', async () => {
    await expect(harness.control.send(new CreateDatasetGroupCommand({ name: 'movies' }))).rejects.toMatchObject({
      name: 'ResourceAlreadyExistsException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  test('version of a solution still being created trains', async () => {
    const { solutionArn } = await harness.control.send(
      new CreateSolutionCommand({
        name: 'eager',
        datasetGroupArn: deployment.datasetGroupArn,
        recipeArn: 'arn:aws:personalize:::recipe/aws-popularity-count',
        performAutoTraining: false,
      }),
    );
    const { solution } = await harness.control.send(new DescribeSolutionCommand({ solutionArn }));
    expect(solution!.status).toBe('CREATE PENDING');
    const { solutionVersionArn } = await harness.control.send(new CreateSolutionVersionCommand({ solutionArn }));
    const seen = await waitForStatus(
      async () =>
        (await harness.control.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion
          ?.status,
    );
    expect(seen[seen.length - 1]).toBe('ACTIVE');
  });

  test('second event tracker exceeds the quota', async () => {
    const datasetGroupArn = deployment.datasetGroupArn;
    await harness.control.send(new CreateEventTrackerCommand({ name: 'one', datasetGroupArn }));
    await expect(
      harness.control.send(new CreateEventTrackerCommand({ name: 'two', datasetGroupArn })),
    ).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: `dataset group ${datasetGroupArn} already has 1 event trackers; the quota is 1`,
      $metadata: { httpStatusCode: 409 },
    });
  });

  test('eleventh filter field exceeds the group limit', async () => {
    const fields = Array.from({ length: 11 }, (_, index) => `F${index + 1}`);
    const schema = JSON.stringify({
      type: 'record',
      name: 'Items',
      fields: [{ name: 'ITEM_ID', type: 'string' }, ...fields.map((name) => ({ name, type: 'int' }))],
    });
    const { datasetGroupArn } = await harness.control.send(new CreateDatasetGroupCommand({ name: 'wide' }));
    const { schemaArn } = await harness.control.send(new CreateSchemaCommand({ name: 'wide-items', schema }));
    await harness.control.send(
      new CreateDatasetCommand({ name: 'wide-items', schemaArn, datasetGroupArn, datasetType: 'Items' }),
    );
    const expressions = [fields.slice(0, 5), fields.slice(5, 10), fields.slice(10)].map(
      (group) => `INCLUDE ItemID WHERE ${group.map((field) => `Items.${field} > 0`).join(' AND ')}`,
    );
    await harness.control.send(
      new CreateFilterCommand({ name: 'wide-1', datasetGroupArn, filterExpression: expressions[0] }),
    );
    await harness.control.send(
      new CreateFilterCommand({ name: 'wide-2', datasetGroupArn, filterExpression: expressions[1] }),
    );

    const problems = checkDatasetGroupFieldLimit(expressions).map((problem) => problem.message);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('11 distinct fields');
    await expect(
      harness.control.send(
        new CreateFilterCommand({ name: 'wide-3', datasetGroupArn, filterExpression: expressions[2] }),
      ),
    ).rejects.toMatchObject({
      name: 'LimitExceededException',
      message: `filterExpression: the filters of dataset group ${datasetGroupArn} exceed a limit: ${problems[0]}`,
      $metadata: { httpStatusCode: 409 },
    });
  });

  test('invalid filter expression lists the problem', async () => {
    const error = await harness.control
      .send(
        new CreateFilterCommand({
          name: 'broken',
          datasetGroupArn: deployment.datasetGroupArn,
          filterExpression: 'EXCLUDE ItemID WHERE Items.GENRES NOT IN ($GENRE)',
        }),
      )
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toMatch(/^filterExpression: invalid filter expression: .*\(column \d+\)/);
  });
});
