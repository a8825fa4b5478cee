/**
 * Runs synthesized state machine definitions in the `aws-local-stepfunctions` interpreter, with every
 * `aws-sdk:personalize` task sent through the real Personalize SDK client.
 */
import * as personalizeSdk from '@aws-sdk/client-personalize';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Definition = { StartAt: string; States: Record<string, { Type: string; Resource?: string }> };
export type Handler = (input: Json) => Promise<Json>;

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** Returns the fake ARN used for a `Ref` or `Fn::GetAtt ... Arn` of `logicalId` in a definition. */
export function fakeFunctionArn(logicalId: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${logicalId}`;
}

function resolveIntrinsics(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(resolveIntrinsics);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  if ('Fn::Join' in object) {
    const [separator, parts] = object['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => String(resolveIntrinsics(part))).join(separator);
  }
  if ('Ref' in object) {
    const pseudo: Record<string, string> = {
      'AWS::Partition': 'aws',
      'AWS::Region': REGION,
      'AWS::AccountId': ACCOUNT,
    };
    return pseudo[String(object.Ref)] ?? fakeFunctionArn(String(object.Ref));
  }
  if ('Fn::GetAtt' in object) return fakeFunctionArn(String((object['Fn::GetAtt'] as string[])[0]));
  throw new Error(`unsupported intrinsic in definition: ${JSON.stringify(object)}`);
}

/** Returns the definition of the only state machine in `stack` whose logical id starts with `prefix`. */
export function definitionOf(stack: Stack, prefix: string): Definition {
  const machines = Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine');
  const ids = Object.keys(machines).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`expected one state machine starting with ${prefix}, found ${ids.join(', ')}`);
  const definitionString = machines[ids[0]].Properties.DefinitionString;
  return JSON.parse(String(resolveIntrinsics(definitionString))) as Definition;
}

const camel = (key: string) => key.charAt(0).toLowerCase() + key.slice(1);
const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/** Members whose value is a map: its keys are data, so Step Functions leaves their case alone. */
const MAP_MEMBERS = new Set(['metrics', 'Metrics']);

/** Renames structure members recursively, as Step Functions does between its PascalCase and the SDK's camelCase. */
export function renameMembers(value: unknown, rename: (key: string) => string): Json {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => renameMembers(item, rename));
  if (value === null || typeof value !== 'object') return (value ?? null) as Json;
  const out: Record<string, Json> = {};
  for (const [key, member] of Object.entries(value)) {
    if (key === '$metadata' || member === undefined) continue;
    out[rename(key)] = MAP_MEMBERS.has(key) ? (member as Json) : renameMembers(member, rename);
  }
  return out;
}

/** Builds one local handler per `aws-sdk:personalize` task state, each calling `client` with the task's input. */
export function personalizeHandlers(
  definition: Definition,
  client: personalizeSdk.PersonalizeClient,
): Record<string, Handler> {
  const handlers: Record<string, Handler> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    const match = /^arn:aws:states:::aws-sdk:personalize:(\w+)$/.exec(state.Resource ?? '');
    if (state.Type !== 'Task' || !match) continue;
    const commandName = `${pascal(match[1])}Command`;
    const Command = (personalizeSdk as unknown as Record<string, new (input: unknown) => unknown>)[commandName];
    if (Command === undefined) throw new Error(`state ${name}: the Personalize SDK has no ${commandName}`);
    handlers[name] = async (input) => {
      try {
        const output = await client.send(new Command(renameMembers(input, camel)) as never);
        return renameMembers(output, pascal);
      } catch (error) {
        // Step Functions names SDK errors `<Service>.<ErrorType>`, which Retry and Catch match on.
        const failure = new Error((error as Error).message);
        failure.name = `Personalize.${(error as Error).name}`;
        throw failure;
      }
    };
  }
  return handlers;
}

export interface RunResult {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly output?: Json;
  readonly error?: string;
  readonly cause?: string;
}

/**
 * Runs `definition` to its end. Every Wait state lasts `waitMs` milliseconds and every retry waits `retryMs`;
 * against the emulator, a few milliseconds let its scheduled status changes happen between polls.
 */
export async function runDefinition(
  definition: Definition,
  input: Json,
  handlers: Record<string, Handler>,
  { waitMs = 0, retryMs = 0 }: { waitMs?: number; retryMs?: number } = {},
): Promise<RunResult> {
  const statesOfType = (type: string, value: number) =>
    Object.fromEntries(
      Object.entries(definition.States)
        .filter(([, state]) => state.Type === type)
        .map(([name]) => [name, value]),
    );
  const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
  const execution = machine.run(input, {
    overrides: {
      taskResourceLocalHandlers: handlers as never,
      waitTimeOverrides: statesOfType('Wait', waitMs),
      retryIntervalOverrides: statesOfType('Task', retryMs),
    },
  });
  try {
    return { status: 'SUCCEEDED', output: (await execution.result) as Json };
  } catch (error) {
    if (!(error instanceof ExecutionError)) throw error;
    const cause = error.cause as Error;
    return { status: 'FAILED', error: cause.name, cause: cause.message };
  }
}
