import { CreateSolutionVersionCommand, DescribeSolutionVersionCommand } from '@aws-sdk/client-personalize';
import { train } from '../../scorer';
import type { Model, TrainFunction, TrainingOptions } from '../../scorer/types';
import { deployCampaign, deployData, startHarness, stopHarness, waitForStatus, type Harness } from './fixtures';

/** Each training the emulator runs: the options it passed and the model it got back. */
const trainings: Array<{ options: TrainingOptions | undefined; model: Model }> = [];

const recordingTrain: TrainFunction = (recipe, data, options) => {
  const model = train(recipe, data, options);
  trainings.push({ options, model });
  return model;
};

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness({ engines: { train: recordingTrain } });
});

afterAll(async () => {
  await stopHarness(harness);
});

test('UPDATE version folds data into the active model', async () => {
  const { datasetGroupArn } = await deployData(harness);
  const deployed = await deployCampaign(harness, datasetGroupArn, 'user-p', 'aws-user-personalization');
  const full = trainings[trainings.length - 1];
  expect(full.options?.updateFrom).toBeUndefined();

  const { solutionVersionArn } = await harness.control.send(
    new CreateSolutionVersionCommand({ solutionArn: deployed.solutionArn, trainingMode: 'UPDATE' }),
  );
  const seen = await waitForStatus(
    async () =>
      (await harness.control.send(new DescribeSolutionVersionCommand({ solutionVersionArn }))).solutionVersion?.status,
  );

  expect(seen[seen.length - 1]).toBe('ACTIVE');
  const update = trainings[trainings.length - 1];
  expect(update.options?.updateFrom).toBe(full.model);
});
