import { PersonalizeRuntime } from '../../sdk';
import { GetPersonalizedRankingCommand, GetRecommendationsCommand } from '@aws-sdk/client-personalize-runtime';
import { CreateFilterCommand, DescribeFilterCommand } from '@aws-sdk/client-personalize';
import {
  deployCampaign,
  deployData,
  genreOf,
  startHarness,
  stopHarness,
  waitForStatus,
  type Harness,
} from './fixtures';

let harness: Harness;
let datasetGroupArn: string;
let userCampaign: string;
let simsCampaign: string;
let rankingCampaign: string;

beforeAll(async () => {
  harness = await startHarness();
  datasetGroupArn = (await deployData(harness)).datasetGroupArn;
  userCampaign = (await deployCampaign(harness, datasetGroupArn, 'user-p', 'aws-user-personalization')).campaignArn;
  simsCampaign = (await deployCampaign(harness, datasetGroupArn, 'sims', 'aws-sims')).campaignArn;
  rankingCampaign = (await deployCampaign(harness, datasetGroupArn, 'ranking', 'aws-personalized-ranking')).campaignArn;
});

afterAll(async () => {
  await stopHarness(harness);
});

async function createFilter(name: string, filterExpression: string): Promise<string> {
  const { filterArn } = await harness.control.send(
    new CreateFilterCommand({ name, datasetGroupArn, filterExpression }),
  );
  await waitForStatus(
    async () => (await harness.control.send(new DescribeFilterCommand({ filterArn }))).filter?.status,
  );
  return filterArn!;
}

describe('GetRecommendations', () => {
  test('returns 25 scored items in descending order by default', async () => {
    const response = await harness.runtime.send(
      new GetRecommendationsCommand({ campaignArn: userCampaign, userId: 'u1' }),
    );
    const scores = response.itemList!.map((item) => item.score!);
    expect(response.itemList).toHaveLength(25);
    expect(scores.every((score) => typeof score === 'number')).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(response.recommendationId).toMatch(/^RID-[0-9a-f-]{36}$/);
  });

  test('gives each response its own recommendationId', async () => {
    const first = await harness.runtime.send(
      new GetRecommendationsCommand({ campaignArn: userCampaign, userId: 'u1' }),
    );
    const second = await harness.runtime.send(
      new GetRecommendationsCommand({ campaignArn: userCampaign, userId: 'u1' }),
    );
    expect(first.recommendationId).not.toBe(second.recommendationId);
  });

  test('honours numResults', async () => {
    const response = await harness.runtime.send(
      new GetRecommendationsCommand({ campaignArn: userCampaign, userId: 'u2', numResults: 7 }),
    );
    expect(response.itemList).toHaveLength(7);
  });

  test('related items from a SIMS campaign carry no scores', async () => {
    const response = await harness.runtime.send(
      new GetRecommendationsCommand({ campaignArn: simsCampaign, itemId: 'i3', numResults: 10 }),
    );
    const ids = response.itemList!.map((item) => item.itemId);
    expect(ids).toHaveLength(10);
    expect(ids).not.toContain('i3');
    expect(response.itemList!.every((item) => item.score === undefined)).toBe(true);
  });

  test('SIMS campaign without itemId is rejected', async () => {
    await expect(
      harness.runtime.send(new GetRecommendationsCommand({ campaignArn: simsCampaign, userId: 'u1' })),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: 'itemId: required for campaigns of recipe aws-sims',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('exclude filter drops watched items', async () => {
    const filterArn = await createFilter('unwatched', 'EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ("watch")');
    const response = await harness.runtime.send(
      new GetRecommendationsCommand({ campaignArn: userCampaign, userId: 'u4', filterArn, numResults: 50 }),
    );
    const watched = new Set(
      harness.emulator.state
        .datasetGroup(datasetGroupArn)
        .records.interactions('u4')
        .map((record) => record.itemId),
    );
    const ids = response.itemList!.map((item) => item.itemId!);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => watched.has(id))).toEqual([]);
  });

  test('include filter with a value keeps one genre', async () => {
    const filterArn = await createFilter('by-genre', 'INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)');
    const response = await harness.runtime.send(
      new GetRecommendationsCommand({
        campaignArn: userCampaign,
        userId: 'u0',
        filterArn,
        filterValues: { GENRE: '"Drama"' },
      }),
    );
    const genres = new Set(response.itemList!.map((item) => genreOf(item.itemId!)));
    expect(response.itemList!.length).toBe(20);
    expect([...genres]).toEqual(['Drama']);
  });

  test('include filter without its value is rejected', async () => {
    const filterArn = await createFilter('by-genre-missing', 'INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)');
    const error = await harness.runtime
      .send(new GetRecommendationsCommand({ campaignArn: userCampaign, userId: 'u0', filterArn }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ name: 'InvalidInputException', $metadata: { httpStatusCode: 400 } });
    expect((error as Error).message).toContain('GENRE');
  });

  test('malformed filterValues key is a ValidationException', async () => {
    const filterArn = await createFilter('by-genre-key', 'INCLUDE ItemID WHERE Items.GENRES IN ($GENRE)');
    await expect(
      harness.runtime.send(
        new GetRecommendationsCommand({
          campaignArn: userCampaign,
          userId: 'u0',
          filterArn,
          filterValues: { GENRE: '"Drama"', 'GEN-RE': '"Drama"' },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'filterValues key "GEN-RE" must match [A-Za-z0-9_]+ and be 1 to 50 characters long',
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('metadataColumns returns item metadata', async () => {
    const { campaignArn } = await deployCampaign(
      harness,
      datasetGroupArn,
      'with-metadata',
      'aws-user-personalization',
      {
        enableMetadataWithRecommendations: true,
      },
    );
    const response = await harness.runtime.send(
      new GetRecommendationsCommand({
        campaignArn,
        userId: 'u1',
        numResults: 5,
        metadataColumns: { ITEMS: ['GENRES'] },
      }),
    );
    expect(response.itemList).toHaveLength(5);
    for (const item of response.itemList!) {
      expect(item.metadata).toEqual({ GENRES: genreOf(item.itemId!) });
    }
    // The project's SDK sends the same request and reads the same metadata.
    const sdk = new PersonalizeRuntime({ client: harness.runtime });
    const viaSdk = await sdk.getRecommendations({
      campaignArn,
      userId: 'u1',
      numResults: 5,
      metadataColumns: ['GENRES'],
    });
    expect(viaSdk.items).toHaveLength(5);
    for (const item of viaSdk.items) {
      expect(item.metadata).toEqual({ GENRES: genreOf(item.itemId) });
    }
    await expect(
      harness.runtime.send(
        new GetRecommendationsCommand({
          campaignArn,
          userId: 'u1',
          numResults: 51,
          metadataColumns: { ITEMS: ['GENRES'] },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: 'numResults: at most 50 when metadataColumns is set; received 51',
    });
  });

  test('metadataColumns rejects keys other than ITEMS', async () => {
    await expect(
      harness.runtime.send(
        new GetRecommendationsCommand({
          campaignArn: userCampaign,
          userId: 'u1',
          metadataColumns: { Items: ['GENRES'] },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: 'metadataColumns: the only key is ITEMS, for the Items dataset; received Items',
    });
  });

  test('metadataColumns needs enableMetadataWithRecommendations', async () => {
    await expect(
      harness.runtime.send(
        new GetRecommendationsCommand({
          campaignArn: userCampaign,
          userId: 'u1',
          metadataColumns: { ITEMS: ['GENRES'] },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: `metadataColumns: campaign ${userCampaign} was created without campaignConfig.enableMetadataWithRecommendations`,
    });
  });
});

describe('GetPersonalizedRanking', () => {
  test('ranks known items and appends unknown ones in input order', async () => {
    const inputList = ['zz-new-1', 'i0', 'i1', 'zz-new-2', 'i2', 'i3'];
    const response = await harness.runtime.send(
      new GetPersonalizedRankingCommand({ campaignArn: rankingCampaign, userId: 'u0', inputList }),
    );
    const ids = response.personalizedRanking!.map((item) => item.itemId);
    expect([...ids].sort()).toEqual([...inputList].sort());
    expect(ids.slice(-2)).toEqual(['zz-new-1', 'zz-new-2']);
    expect(response.recommendationId).toMatch(/^RID-/);
  });

  test('ranks the user genre first', async () => {
    const response = await harness.runtime.send(
      new GetPersonalizedRankingCommand({ campaignArn: rankingCampaign, userId: 'u0', inputList: ['i1', 'i2', 'i0'] }),
    );
    expect(response.personalizedRanking![0].itemId).toBe('i0');
  });

  test('user campaign cannot rank', async () => {
    await expect(
      harness.runtime.send(
        new GetPersonalizedRankingCommand({ campaignArn: userCampaign, userId: 'u0', inputList: ['i1'] }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message:
        'campaignArn: campaigns of recipe aws-user-personalization serve GetRecommendations; ranking needs aws-personalized-ranking',
    });
  });
});
