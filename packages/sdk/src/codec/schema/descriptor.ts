/**
 * A protobuf scalar as protojson treats it: 64-bit ints are strings on the wire, `bytes` a base64 string, the
 * rest JSON primitives.
 */
export type ScalarKind = 'string' | 'bool' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'double' | 'bytes';

/** Every field kind the codec knows. `map` is `map<string, string>`, the only map LiveKit's webhooks use. */
export type FieldKind = ScalarKind | 'enum' | 'message' | 'map';

/**
 * One field as written in a schema table: `[jsonName, type, protoName?, oneof?]`. `type` is a scalar kind,
 * `enum:<Enum>`, `message:<Message>` or `map`, prefixed by `[]` when repeated and suffixed by `?` for proto3
 * `optional` (explicit presence).
 */
export type FieldSpec = readonly [
  jsonName: string,
  type: string,
  protoName?: string | undefined,
  oneof?: string,
];

/** One message as written in a schema table: its name and its fields in `.proto` declaration order. */
export type MessageSpec = readonly [name: string, fields: readonly FieldSpec[]];

/** An enum's value names and numbers, resolved both ways. */
export interface EnumDescriptor {
  readonly name: string;
  readonly numberOf: ReadonlyMap<string, number>;
  readonly nameOf: ReadonlyMap<number, string>;
}

/** A field, resolved and precomputed for the decoder and encoder. */
export interface FieldDescriptor {
  readonly jsonName: string;
  readonly protoName: string;
  readonly kind: FieldKind;
  readonly repeated: boolean;
  /** Oneof members and proto3 `optional` fields are written even when they hold a default value. */
  readonly presence: boolean;
  readonly oneof: string | undefined;
  /** The field's enum; an empty placeholder unless `kind` is `enum`. */
  readonly enumType: EnumDescriptor;
  /** The field's message, linked by {@link buildSchema} once every message exists; a placeholder otherwise. */
  message: MessageDescriptor;
  /** `"jsonName":`, ready to append. */
  readonly jsonKey: string;
}

/** A message: fields in declaration order, and a lookup by JSON name and by proto name. */
export interface MessageDescriptor {
  readonly name: string;
  readonly fields: readonly FieldDescriptor[];
  readonly byName: ReadonlyMap<string, FieldDescriptor>;
  readonly hasOneofs: boolean;
}

const NO_ENUM: EnumDescriptor = { name: '(none)', numberOf: new Map(), nameOf: new Map() };
const NO_MESSAGE: MessageDescriptor = { name: '(none)', fields: [], byName: new Map(), hasOneofs: false };

const SCALARS: ReadonlySet<string> = new Set([
  'string',
  'bool',
  'int32',
  'uint32',
  'int64',
  'uint64',
  'double',
  'bytes',
]);

/**
 * Resolves schema tables into linked descriptors, once, at module load. Throws on a table mistake (unknown
 * type name), which is a bug in this package rather than in any input.
 */
export function buildSchema(
  enumSpecs: Readonly<Record<string, Readonly<Record<string, number>>>>,
  messageSpecs: readonly MessageSpec[],
): ReadonlyMap<string, MessageDescriptor> {
  const enums = new Map<string, EnumDescriptor>();
  for (const [name, values] of Object.entries(enumSpecs)) {
    const entries = Object.entries(values);
    enums.set(name, {
      name,
      numberOf: new Map(entries),
      nameOf: new Map(entries.map(([k, v]) => [v, k] as const)),
    });
  }
  const messages = new Map<string, MessageDescriptor>();
  const pending: Array<[FieldDescriptor, string]> = [];
  for (const [name, specs] of messageSpecs) {
    const fields: FieldDescriptor[] = [];
    const byName = new Map<string, FieldDescriptor>();
    for (const [jsonName, type, protoName = jsonName, oneof] of specs) {
      let rest = type;
      const repeated = rest.startsWith('[]');
      if (repeated) rest = rest.slice(2);
      const optional = rest.endsWith('?');
      if (optional) rest = rest.slice(0, -1);
      const colon = rest.indexOf(':');
      const kind = (colon < 0 ? rest : rest.slice(0, colon)) as FieldKind;
      const ref = colon < 0 ? '' : rest.slice(colon + 1);
      if (!SCALARS.has(kind) && kind !== 'enum' && kind !== 'message' && kind !== 'map') {
        throw new Error(`schema: ${name}.${jsonName} has unknown type ${type}`);
      }
      const enumType = kind === 'enum' ? enums.get(ref) : NO_ENUM;
      if (enumType === undefined) throw new Error(`schema: unknown enum ${ref}`);
      const field: FieldDescriptor = {
        jsonName,
        protoName,
        kind,
        repeated,
        presence: optional || oneof !== undefined,
        oneof,
        enumType,
        message: NO_MESSAGE,
        jsonKey: JSON.stringify(jsonName) + ':',
      };
      if (kind === 'message') pending.push([field, ref]);
      fields.push(field);
      byName.set(jsonName, field);
      byName.set(protoName, field);
    }
    messages.set(name, { name, fields, byName, hasOneofs: fields.some((f) => f.oneof !== undefined) });
  }
  for (const [field, ref] of pending) {
    const message = messages.get(ref);
    if (message === undefined) throw new Error(`schema: unknown message ${ref}`);
    field.message = message;
  }
  return messages;
}
