/**
 * The building blocks of the contract: a request channel is a pair of JSON Schemas (what the caller
 * sends, what the host answers); an event is one JSON Schema for what the host pushes. The schemas are
 * the single declaration: TypeScript types are derived from them, ajv checks them at run time.
 */
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export interface RequestDef<Req extends JSONSchema, Res extends JSONSchema> {
  /** One sentence for people reading the API (and, later, an OpenAPI description). */
  readonly summary: string;
  readonly request: Req;
  readonly response: Res;
}

/**
 * `params`: what a subscriber may say when it subscribes (`{event, params}`), checked by the host like a
 * request. None declared: the subscription takes no params (an empty object, or nothing).
 */
export interface EventDef<Payload extends JSONSchema, Params extends JSONSchema = EmptyObjectSchema> {
  readonly summary: string;
  readonly payload: Payload;
  readonly params?: Params;
}

/**
 * A channel with its TypeScript types resolved once, where it is declared: `types` exists only for
 * the compiler (it is never set), so generic code indexes plain types instead of asking TypeScript to
 * derive them from a schema it cannot see through.
 */
export interface TypedRequest<Req extends JSONSchema, Res extends JSONSchema> extends RequestDef<Req, Res> {
  readonly types?: { request: FromSchema<Req>; response: FromSchema<Res> };
}

export interface TypedEvent<
  Payload extends JSONSchema,
  Params extends JSONSchema = EmptyObjectSchema,
> extends EventDef<Payload, Params> {
  readonly types?: { payload: FromSchema<Payload>; params: ParamsType<Params> };
}

// Identity functions: they keep each channel's schemas as literal types and attach the derived types.
export function defineRequest<const Req extends JSONSchema, const Res extends JSONSchema>(
  def: RequestDef<Req, Res>,
): TypedRequest<Req, Res> {
  return def;
}

export function defineEvent<
  const Payload extends JSONSchema,
  const Params extends JSONSchema = EmptyObjectSchema,
>(def: EventDef<Payload, Params>): TypedEvent<Payload, Params> {
  return def;
}

/** A request with nothing to say. */
export const emptyObjectSchema = {
  type: 'object',
  properties: {},
  additionalProperties: false,
} as const;

export type EmptyObjectSchema = typeof emptyObjectSchema;
/** No params: an object with nothing in it (FromSchema would give `{}`, which takes anything). */
type ParamsType<Params extends JSONSchema> = [EmptyObjectSchema] extends [Params]
  ? Record<string, never>
  : FromSchema<Params>;

export type SchemaType<S extends JSONSchema> = FromSchema<S>;
