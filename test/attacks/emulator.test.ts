/** Bad input sent to the emulator as raw HTTP and through the real control-plane client. */
import { CreateDatasetGroupCommand, PersonalizeClient, type Tag } from '@aws-sdk/client-personalize';
import { createEmulator, type Emulator } from '../../emulator';

let emulator: Emulator;
let control: PersonalizeClient;

beforeAll(async () => {
  emulator = await createEmulator();
  control = new PersonalizeClient({ endpoint: emulator.url, region: 'us-east-1', maxAttempts: 1 });
});

afterAll(async () => {
  control.destroy();
  await emulator.close();
});

/** Sends a control-plane request with the JSON 1.1 protocol and returns the status and parsed body. */
async function sendTarget(target: string, body: string | Uint8Array) {
  const response = await fetch(emulator.url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('X-Amz-Target', () => {
  test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'AmazonPersonalize.%s is an unknown operation',
    async (name) => {
      const response = await sendTarget(`AmazonPersonalize.${name}`, '{}');

      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        __type: 'UnknownOperationException',
        message: `X-Amz-Target 'AmazonPersonalize.${name}' is not an emulated operation; see docs/emulator.md for the list`,
      });
    },
  );
});

describe('request bodies', () => {
  test('bytes that are not UTF-8 are a SerializationException', async () => {
    const body = Buffer.concat([Buffer.from('{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const response = await sendTarget('AmazonPersonalize.CreateDatasetGroup', body);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ __type: 'SerializationException', message: 'request body is not valid UTF-8' });
  });

  test('100,000 nested lists get a 400, not a stack overflow', async () => {
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const response = await sendTarget('AmazonPersonalize.ListDatasetGroups', `{"maxResults":${nested}}`);

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      __type: 'InvalidInputException',
      message:
        "1 validation error detected: Value '[...]' (nested too deeply to render) at 'maxResults' failed to satisfy constraint: Member must be a number",
    });
  });
});

describe('tags', () => {
  test('nested lists in place of tags are rejected', async () => {
    const response = await sendTarget('AmazonPersonalize.CreateDatasetGroup', '{"name":"nested-tags","tags":[[1]]}');

    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      __type: 'InvalidInputException',
      message:
        "1 validation error detected: Value '[1]' at 'tags.1.member' failed to satisfy constraint: Member must be a structure",
    });
  });

  test('tag keys and values are checked through the SDK', async () => {
    const tags: Tag[] = [
      { tagKey: '', tagValue: 'x' },
      { tagKey: 'team', tagValue: 'v'.repeat(257) },
    ];
    await expect(control.send(new CreateDatasetGroupCommand({ name: 'bad-tags', tags }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: `2 validation errors detected: Value '' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '${'v'.repeat(257)}' at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`,
      $metadata: { httpStatusCode: 400 },
    });
  });

  test('a tag without a value is rejected', async () => {
    const tags = [{ tagKey: 'team' }] as Tag[];
    await expect(control.send(new CreateDatasetGroupCommand({ name: 'no-value', tags }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      message:
        "1 validation error detected: Value null at 'tags.1.member.tagValue' failed to satisfy constraint: Member must not be null",
    });
  });

  test('valid tags are accepted', async () => {
    const tags: Tag[] = [{ tagKey: 'team', tagValue: '' }];
    const response = await control.send(new CreateDatasetGroupCommand({ name: 'good-tags', tags }));

    expect(response.datasetGroupArn).toBe('arn:aws:personalize:us-east-1:000000000000:dataset-group/good-tags');
  });
});

describe('patterns on long values', () => {
  test('an ARN of 50,000 characters is rejected by length without backtracking', async () => {
    // A value that fails `.*:.*:.+` only at its last character makes the pattern backtrack in quadratic time.
    const campaignArn = `arn:aws:personalize:${':'.repeat(50_000)}\n`;
    const response = await fetch(`${emulator.url}/recommendations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ campaignArn, userId: '1' }),
    });
    const body = (await response.json()) as { __type: string; message: string };

    expect(response.status).toBe(400);
    expect(body.__type).toBe('InvalidInputException');
    expect(body.message).toBe(
      `1 validation error detected: Value '${campaignArn}' at 'campaignArn' failed to satisfy constraint: Member must have length less than or equal to 256`,
    );
  });
});
