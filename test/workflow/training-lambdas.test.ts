import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { evaluateMetricGate, MetricGateEvent } from '../../lambda/lifecycle/training-metric-gate';
import { buildSignal, handler as signalHandler } from '../../lambda/lifecycle/training-signal';

const NDCG = 'normalized_discounted_cumulative_gain_at_10';
const base: MetricGateEvent = {
  metricName: NDCG,
  maxRegression: 0.1,
  minimumValue: 0.2,
  newSolutionVersionArn: 'arn:new',
  currentSolutionVersionArn: 'arn:current',
};

describe('metric gate', () => {
  test.each([
    ['better version', 0.5, 0.4, true, 0.36],
    ['equal version', 0.4, 0.4, true, 0.36],
    ['drop within tolerance', 0.36, 0.4, true, 0.36],
    ['drop beyond tolerance', 0.35, 0.4, false, 0.36],
    ['floor above tolerance', 0.19, 0.1, false, 0.2],
    ['floor reached', 0.2, 0.1, true, 0.2],
  ])('%s', (_label, newValue, currentValue, passed, threshold) => {
    const result = evaluateMetricGate({
      ...base,
      newMetrics: { [NDCG]: newValue },
      currentMetrics: { [NDCG]: currentValue },
    });
    expect(result.passed).toBe(passed);
    expect(result.threshold).toBeCloseTo(threshold, 12);
    expect(result.newValue).toBe(newValue);
    expect(result.currentValue).toBe(currentValue);
  });

  test('missing deployed metric rejects', () => {
    const result = evaluateMetricGate({ ...base, newMetrics: { [NDCG]: 0.5 }, currentMetrics: {} });
    expect(result.passed).toBe(false);
    expect(result.cause).toBe(
      `${NDCG} is missing from the metrics of the deployed solution version arn:current, ` +
        'so the new version cannot be compared with it',
    );
  });

  test.each([
    ['empty metric name', { metricName: '' }, 'metricName must be a non-empty string, received ""'],
    ['regression above 1', { maxRegression: 2 }, 'maxRegression must be a number from 0 to 1, received 2'],
    ['regression not a number', { maxRegression: '0.1' }, 'maxRegression must be a number from 0 to 1, received "0.1"'],
    ['floor not finite', { minimumValue: null }, 'minimumValue must be a finite number, received null'],
  ])('rejects %s', (_label, change, message) => {
    const event = { ...base, ...change } as unknown as MetricGateEvent;
    expect(() => evaluateMetricGate(event)).toThrow(new Error(message));
  });
});

describe('training signal', () => {
  test.each([
    ['plain HTTP to a remote host', 'http://example.com/handle', 'url must use https, received http://example.com'],
    ['relative URL', '/handle', 'url must be an absolute URL, received "/handle"'],
  ])('rejects %s', (_label, url, message) => {
    expect(() => buildSignal({ url, status: 'SUCCESS', reason: 'done' })).toThrow(new Error(message));
  });

  test('rejects unknown status', () => {
    const event = { url: 'https://example.com/h', status: 'DONE', reason: 'x' } as never;
    expect(() => buildSignal(event)).toThrow(new Error('status must be SUCCESS or FAILURE, received "DONE"'));
  });

  test('long reason is cut to 4000 characters', () => {
    const { signal } = buildSignal({ url: 'https://example.com/h', status: 'FAILURE', reason: 'x'.repeat(5000) });
    expect(signal.Reason).toHaveLength(4000);
    expect(signal.Data).toBe('');
  });

  test('rejected PUT fails the task', async () => {
    const server = createServer((_req, res) => res.writeHead(403).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/expired`;
    try {
      await expect(signalHandler({ url, status: 'SUCCESS', reason: 'ok', data: 'arn:x' })).rejects.toThrow(
        new Error('wait condition handle returned HTTP 403 for the SUCCESS signal'),
      );
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
