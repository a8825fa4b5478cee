import { IResource, Resource, Token } from 'aws-cdk-lib';
import { CfnSchema } from 'aws-cdk-lib/aws-personalize';
import { Construct } from 'constructs';
import { parseSchema, SchemaValidationError } from '../schema';
import type { DatasetSchema, DatasetType } from '../schema/model';
import { DatasetGroupDomain } from './dataset-group';
import { checkName, generateName } from './private/names';
import { Problems } from './private/problems';
import { FieldDefinition } from './schema-field';

/** A Personalize schema: the Avro definition of one dataset's columns. Schemas belong to the account, not a group. */
export interface ISchema extends IResource {
  /**
   * ARN of the schema.
   *
   * @attribute
   */
  readonly schemaArn: string;

  /** Dataset type of the schema, when this app defines it. */
  readonly datasetType?: DatasetType;

  /** The parsed and validated schema, where this app defines it; filters check field names against it. */
  readonly datasetSchema?: DatasetSchema;
}

/** Options of a typed schema definition. */
export interface SchemaDefinitionOptions {
  /**
   * Fields beyond the ones the dataset type requires.
   *
   * `USER_ID`, `ITEM_ID` and `TIMESTAMP` are added where the dataset type requires them and are absent from this list.
   */
  readonly fields: readonly FieldDefinition[];
}

const REQUIRED: Readonly<Record<DatasetType, readonly FieldDefinition[]>> = {
  Interactions: [
    requiredField('USER_ID', 'string'),
    requiredField('ITEM_ID', 'string'),
    requiredField('TIMESTAMP', 'long'),
  ],
  Items: [requiredField('ITEM_ID', 'string')],
  Users: [requiredField('USER_ID', 'string')],
};

function requiredField(name: string, type: 'string' | 'long'): FieldDefinition {
  return { name, type, optional: false, categorical: false, textual: false, contextual: false };
}

/** The definition of a schema: either built from typed fields or given as Avro JSON. Create it with `Schema`. */
export class SchemaDefinition {
  /** Prefer the `Schema` factory methods, which build and check the Avro document. */
  public constructor(
    /** Dataset type the schema is for. */
    public readonly datasetType: DatasetType,
    /** The Avro JSON document, or an unresolved token. */
    public readonly avro: string | object,
    /** Problems found while building the definition, before Avro validation. */
    public readonly buildProblems: readonly string[] = [],
  ) {}

  /** Avro JSON text of the schema, as the schema resource receives it. */
  public get json(): string {
    return typeof this.avro === 'string' ? this.avro : JSON.stringify(this.avro);
  }
}

/** Properties of a `Schema`. */
export interface SchemaProps {
  /** The schema definition, from `Schema.interactions`, `Schema.items`, `Schema.users` or `Schema.fromAvro`. */
  readonly definition: SchemaDefinition;

  /**
   * Name of the schema: 1 to 63 letters, digits, `-` or `_`, starting with a letter or digit.
   *
   * @default - a name generated from the construct path and a hash of the definition, so that a changed definition
   * gets a new name when CloudFormation replaces the schema
   */
  readonly schemaName?: string;

  /**
   * Domain of the dataset group that will use the schema.
   *
   * @default - a schema for a custom dataset group
   */
  readonly domain?: DatasetGroupDomain;
}

/**
 * An account-level dataset schema. The service cannot change a schema, so any change replaces it.
 *
 * @resource AWS::Personalize::Schema
 * @see https://docs.aws.amazon.com/personalize/latest/dg/custom-datasets-and-schemas.html
 */
export class Schema extends Resource implements ISchema {
  /** A typed definition of an Interactions schema; `USER_ID`, `ITEM_ID` and `TIMESTAMP` are added when absent. */
  public static interactions(options: SchemaDefinitionOptions): SchemaDefinition {
    return Schema.build('Interactions', options);
  }

  /** A typed definition of an Items schema; `ITEM_ID` is added when absent. */
  public static items(options: SchemaDefinitionOptions): SchemaDefinition {
    return Schema.build('Items', options);
  }

  /** A typed definition of a Users schema; `USER_ID` is added when absent. */
  public static users(options: SchemaDefinitionOptions): SchemaDefinition {
    return Schema.build('Users', options);
  }

  /** A definition from Avro JSON text or an object, checked at synth against the rules of `datasetType`. */
  public static fromAvro(json: string | object, datasetType: DatasetType): SchemaDefinition {
    return new SchemaDefinition(datasetType, json);
  }

  /** Imports a schema made outside this app. */
  public static fromSchemaArn(scope: Construct, id: string, schemaArn: string, datasetType?: DatasetType): ISchema {
    class Import extends Resource implements ISchema {
      public readonly schemaArn = schemaArn;
      public readonly datasetType = datasetType;
    }
    return new Import(scope, id, { environmentFromArn: schemaArn });
  }

  private static build(datasetType: DatasetType, options: SchemaDefinitionOptions): SchemaDefinition {
    const problems: string[] = [];
    options.fields.forEach((field, index) => {
      if (field.contextual && datasetType !== 'Interactions') {
        problems.push(
          `definition: fields[${index}] ${field.name} is contextual, which only Interactions schemas allow, got dataset type ${datasetType}`,
        );
      }
    });
    const given = new Set(options.fields.map((field) => field.name));
    const fields = [...REQUIRED[datasetType].filter((field) => !given.has(field.name)), ...options.fields];
    const avro = {
      type: 'record',
      name: datasetType,
      namespace: 'com.amazonaws.personalize.schema',
      fields: fields.map(renderField),
      version: '1.0',
    };
    return new SchemaDefinition(datasetType, avro, problems);
  }

  public readonly schemaArn: string;
  public readonly schemaName: string;
  public readonly datasetType: DatasetType;
  public readonly datasetSchema?: DatasetSchema;

  /** The underlying CloudFormation resource. */
  public readonly resource: CfnSchema;

  public constructor(scope: Construct, id: string, props: SchemaProps) {
    super(scope, id);

    const problems = new Problems();
    checkName(problems, 'schemaName', props.schemaName);
    problems.addAll(props.definition.buildProblems);
    this.datasetSchema = validateDefinition(props.definition, problems);
    problems.throwIfAny(this);

    const json = props.definition.json;
    this.datasetType = props.definition.datasetType;
    this.schemaName = props.schemaName ?? generateName(this, { json, domain: props.domain });
    this.resource = new CfnSchema(this, 'Resource', { name: this.schemaName, schema: json, domain: props.domain });
    this.schemaArn = this.resource.attrSchemaArn;
  }
}

function renderField(field: FieldDefinition): Record<string, unknown> {
  return {
    name: field.name,
    type: field.optional ? ['null', field.type] : field.type,
    ...(field.categorical ? { categorical: true } : {}),
    ...(field.textual ? { textual: true } : {}),
  };
}

/** Parses the definition, recording every schema problem; returns undefined for tokens and invalid schemas. */
function validateDefinition(definition: SchemaDefinition, problems: Problems): DatasetSchema | undefined {
  if (typeof definition.avro === 'string' && Token.isUnresolved(definition.avro)) {
    return undefined;
  }
  try {
    return parseSchema(definition.avro, definition.datasetType);
  } catch (error) {
    if (!(error instanceof SchemaValidationError)) {
      throw error;
    }
    for (const problem of error.problems) {
      problems.add(`definition: ${problem.message} (rule ${problem.rule})`);
    }
    return undefined;
  }
}
