/** A JSON object (not null, not an array): the one narrowing for values a schema typed as `object`. */
export const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
