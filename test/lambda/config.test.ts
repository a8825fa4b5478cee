import './api-event';
import { ConfigurationError } from '../../lambda/api/config';
import { createEventsHandler } from '../../lambda/api/events';
import { createRecommendationsHandler } from '../../lambda/api/recommendations';

const CAMPAIGN_ARN = 'arn:aws:personalize:us-east-1:123456789012:campaign/movies';

describe('handler configuration', () => {
  test.each([
    [
      {},
      'environment variable RECOMMENDATIONS_CAMPAIGN_ARN is missing; set it to the ARN of the campaign that returns user recommendations',
    ],
    [
      { RECOMMENDATIONS_CAMPAIGN_ARN: 'movies' },
      'environment variable RECOMMENDATIONS_CAMPAIGN_ARN must be the ARN of the campaign that returns user recommendations (received "movies")',
    ],
    [
      { RECOMMENDATIONS_CAMPAIGN_ARN: CAMPAIGN_ARN, DEFAULT_NUM_RESULTS: '501' },
      'environment variable DEFAULT_NUM_RESULTS must be an integer from 1 to 500 (received "501")',
    ],
    [
      { RECOMMENDATIONS_CAMPAIGN_ARN: CAMPAIGN_ARN, FILTER_ARNS: '["a"]' },
      'environment variable FILTER_ARNS must be a JSON object of filter name to filter ARN (received ["a"])',
    ],
    [
      { RECOMMENDATIONS_CAMPAIGN_ARN: CAMPAIGN_ARN, FILTER_ARNS: '{"by-genre":"filter/by-genre"}' },
      'environment variable FILTER_ARNS is invalid: filters.by-genre must match arn:PARTITION:personalize:REGION:ACCOUNT:RESOURCE (received "filter/by-genre")',
    ],
  ])('rejects %j', (env, message) => {
    expect(() => createRecommendationsHandler({ env })).toThrow(ConfigurationError);
    expect(() => createRecommendationsHandler({ env })).toThrow(message);
  });

  test('events handler needs a tracking id', () => {
    expect(() => createEventsHandler({ env: {} })).toThrow(
      "environment variable EVENT_TRACKING_ID is missing; set it to the tracking id of the dataset group's event tracker",
    );
  });

  test('entry module fails at cold start', () => {
    const saved = process.env.RECOMMENDATIONS_CAMPAIGN_ARN;
    delete process.env.RECOMMENDATIONS_CAMPAIGN_ARN;
    try {
      jest.isolateModules(() => {
        expect(() => require('../../lambda/get-recommendations')).toThrow(
          'environment variable RECOMMENDATIONS_CAMPAIGN_ARN is missing',
        );
      });
    } finally {
      if (saved !== undefined) process.env.RECOMMENDATIONS_CAMPAIGN_ARN = saved;
    }
  });

  test('entry module exports a handler', () => {
    process.env.RECOMMENDATIONS_CAMPAIGN_ARN = CAMPAIGN_ARN;
    try {
      jest.isolateModules(() => {
        const entry = require('../../lambda/get-recommendations') as { handler: unknown };
        expect(typeof entry.handler).toBe('function');
      });
    } finally {
      delete process.env.RECOMMENDATIONS_CAMPAIGN_ARN;
    }
  });
});
