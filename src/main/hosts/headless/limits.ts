/** How much the headless host accepts in one message: one place, so a later upload can raise it knowingly. */

/** Largest JSON request body (HTTP) or WebSocket message. Settings and job requests are a few KiB. */
export const jsonBodyLimitBytes = 1024 * 1024;

/** Deepest JSON nesting a request may have; no contract schema comes close, and a deeper one is an attack. */
export const maxJsonDepth = 64;
