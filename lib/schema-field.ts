import type { FieldType } from '../schema/model';

/** Options shared by every field of a schema definition. */
export interface FieldOptions {
  /**
   * Whether the field may be empty, rendered as an Avro union with `null`.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/** Options of a string field. */
export interface StringFieldOptions extends FieldOptions {
  /**
   * Whether values are categories, several joined with `|` (for example `Comedy|Drama`).
   *
   * @default false
   */
  readonly categorical?: boolean;

  /**
   * Whether the field contains unstructured text, such as a description.
   *
   * @default false
   */
  readonly textual?: boolean;
}

/** One field of a typed schema definition, as the `Field` helpers create it. */
export interface FieldDefinition {
  readonly name: string;
  readonly type: FieldType;
  readonly optional: boolean;
  readonly categorical: boolean;
  readonly textual: boolean;
  /** Whether the field is contextual metadata of an interaction, which only Interactions schemas allow. */
  readonly contextual: boolean;
}

/**
 * Helpers that create schema fields.
 *
 * @example
 * Schema.items({ fields: [Field.categorical('GENRES'), Field.creationTimestamp(), Field.textual('DESCRIPTION')] });
 */
export class Field {
  /** A string field. */
  public static string(name: string, options: StringFieldOptions = {}): FieldDefinition {
    return {
      name,
      type: 'string',
      optional: options.optional ?? false,
      categorical: options.categorical ?? false,
      textual: options.textual ?? false,
      contextual: false,
    };
  }

  /** A 32-bit integer field. */
  public static int(name: string, options: FieldOptions = {}): FieldDefinition {
    return Field.plain(name, 'int', options);
  }

  /** A 64-bit integer field. */
  public static long(name: string, options: FieldOptions = {}): FieldDefinition {
    return Field.plain(name, 'long', options);
  }

  /** A single-precision floating point field. */
  public static float(name: string, options: FieldOptions = {}): FieldDefinition {
    return Field.plain(name, 'float', options);
  }

  /** A double-precision floating point field. */
  public static double(name: string, options: FieldOptions = {}): FieldDefinition {
    return Field.plain(name, 'double', options);
  }

  /** A boolean field. */
  public static boolean(name: string, options: FieldOptions = {}): FieldDefinition {
    return Field.plain(name, 'boolean', options);
  }

  /** A categorical string field whose values are categories joined with `|`. */
  public static categorical(name: string, options: FieldOptions = {}): FieldDefinition {
    return Field.string(name, { ...options, categorical: true });
  }

  /** A string field of unstructured text, such as an item description. */
  public static textual(name: string, options: FieldOptions = {}): FieldDefinition {
    return Field.string(name, { ...options, textual: true });
  }

  /**
   * A categorical string field of an Interactions schema that callers can pass as `context` at inference time,
   * for example `DEVICE`.
   */
  public static contextual(name: string, options: FieldOptions = {}): FieldDefinition {
    return { ...Field.string(name, { ...options, categorical: true }), contextual: true };
  }

  /** The `CREATION_TIMESTAMP` field of an Items schema, in Unix epoch seconds, which item exploration uses. */
  public static creationTimestamp(options: FieldOptions = {}): FieldDefinition {
    return Field.plain('CREATION_TIMESTAMP', 'long', options);
  }

  /** The `EVENT_TYPE` field of an Interactions schema, such as `click` or `purchase`. */
  public static eventType(options: FieldOptions = {}): FieldDefinition {
    return Field.string('EVENT_TYPE', options);
  }

  /** The `EVENT_VALUE` field of an Interactions schema, a number such as a rating or watch time. */
  public static eventValue(options: FieldOptions = {}): FieldDefinition {
    return Field.plain('EVENT_VALUE', 'float', options);
  }

  /** The `IMPRESSION` field of an Interactions schema: the item ids shown to the user, joined with `|`. */
  public static impression(options: FieldOptions = { optional: true }): FieldDefinition {
    return Field.string('IMPRESSION', options);
  }

  private static plain(name: string, type: FieldType, options: FieldOptions): FieldDefinition {
    return { name, type, optional: options.optional ?? false, categorical: false, textual: false, contextual: false };
  }
}
