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

export interface EventDef<Payload extends JSONSchema> {
  readonly summary: string;
  readonly payload: Payload;
}

/**
 * A channel with its TypeScript types resolved once, where it is declared: `types` exists only for
 * the compiler (it is never set), so generic code indexes plain types instead of asking TypeScript to
 * derive them from a schema it cannot see through.
 */
export interface TypedRequest<Req extends JSONSchema, Res extends JSONSchema> extends RequestDef<Req, Res> {
  readonly types?: { request: FromSchema<Req>; response: FromSchema<Res> };
}

export interface TypedEvent<Payload extends JSONSchema> extends EventDef<Payload> {
  readonly types?: { payload: FromSchema<Payload> };
}

// Identity functions: they keep each channel's schemas as literal types and attach the derived types.
export function defineRequest<const Req extends JSONSchema, const Res extends JSONSchema>(
  def: RequestDef<Req, Res>,
): TypedRequest<Req, Res> {
  return def;
}

export function defineEvent<const Payload extends JSONSchema>(def: EventDef<Payload>): TypedEvent<Payload> {
  return def;
}

/** A request with nothing to say. */
export const emptyObjectSchema = {
  type: 'object',
  properties: {},
  additionalProperties: false,
} as const;

export type SchemaType<S extends JSONSchema> = FromSchema<S>;
