import { UpdateCampaignCommand, DescribeCampaignCommand } from '@aws-sdk/client-personalize';
import { GetRecommendationsCommand, type GetRecommendationsCommandInput } from '@aws-sdk/client-personalize-runtime';
import { train } from '../../scorer';
import type { RecommendRequest, TrainFunction } from '../../scorer/types';
import { deployCampaign, deployData, startHarness, stopHarness, waitForStatus, type Harness } from './fixtures';

/** Every request the emulator passes to a model, recorded by wrapping the real scorer. */
const requests: RecommendRequest[] = [];

const recordingTrain: TrainFunction = (recipe, data, options) => {
  const model = train(recipe, data, options);
  return {
    recipe: model.recipe,
    returnsScores: model.returnsScores,
    recommend: (request) => {
      requests.push(request);
      return model.recommend(request);
    },
    rank: (request) => model.rank(request),
    addInteractions: (interactions) => model.addInteractions(interactions),
    putItems: (items) => model.putItems(items),
    putUsers: (users) => model.putUsers(users),
  };
};

let harness: Harness;
let userCampaign: string;
let simsCampaign: string;

beforeAll(async () => {
  harness = await startHarness({ engines: { train: recordingTrain } });
  const { datasetGroupArn } = await deployData(harness);
  userCampaign = (await deployCampaign(harness, datasetGroupArn, 'user-p', 'aws-user-personalization')).campaignArn;
  simsCampaign = (await deployCampaign(harness, datasetGroupArn, 'sims', 'aws-sims')).campaignArn;
});

afterAll(async () => {
  await stopHarness(harness);
});

async function lastRequest(input: GetRecommendationsCommandInput) {
  requests.length = 0;
  await harness.runtime.send(new GetRecommendationsCommand(input));
  expect(requests).toHaveLength(1);
  return requests[0];
}

test('campaign without exploration config uses the service defaults', async () => {
  const request = await lastRequest({ campaignArn: userCampaign, userId: 'u1' });
  expect(request.exploration).toEqual({ explorationWeight: 0.3, explorationItemAgeCutOffDays: 30 });
  expect(request.userId).toBe('u1');
  expect(request.numResults).toBe(25);
});

test('updated exploration config reaches the model', async () => {
  await harness.control.send(
    new UpdateCampaignCommand({
      campaignArn: userCampaign,
      campaignConfig: { itemExplorationConfig: { explorationWeight: '0.05', explorationItemAgeCutOff: '3' } },
    }),
  );
  await waitForStatus(async () => {
    const { campaign } = await harness.control.send(new DescribeCampaignCommand({ campaignArn: userCampaign }));
    return campaign?.latestCampaignUpdate?.status;
  });
  const request = await lastRequest({ campaignArn: userCampaign, userId: 'u1' });
  expect(request.exploration).toEqual({ explorationWeight: 0.05, explorationItemAgeCutOffDays: 3 });
});

test('context reaches the model by field name', async () => {
  const request = await lastRequest({ campaignArn: userCampaign, userId: 'u1', context: { DEVICE: 'tv' } });
  expect(request.context).toEqual({ DEVICE: 'tv' });
});

test('SIMS requests carry the item and no exploration', async () => {
  const request = await lastRequest({ campaignArn: simsCampaign, itemId: 'i1', userId: 'u1', numResults: 3 });
  expect(request.itemId).toBe('i1');
  expect(request.userId).toBeUndefined();
  expect(request.exploration).toBeUndefined();
});

test('numResults of 0 returns no items without asking the model', async () => {
  requests.length = 0;
  const response = await harness.runtime.send(
    new GetRecommendationsCommand({ campaignArn: userCampaign, userId: 'u1', numResults: 0 }),
  );
  expect(response.itemList).toEqual([]);
  expect(requests).toHaveLength(0);
});
