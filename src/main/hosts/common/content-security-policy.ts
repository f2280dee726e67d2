/**
 * The Content-Security-Policy both hosts send with the renderer: scripts only from the app itself, no
 * eval; inline style attributes allowed because Mantine sets them; network only to the own host.
 */
export interface CspOptions {
  /** Extra connect-src sources, e.g. the headless host's ws:// origin. */
  connect?: readonly string[];
  /** Extra img-src sources, e.g. a thumbnail protocol (datasets issue). */
  images?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:', ...(options.images ?? [])],
    ['font-src', "'self'", 'data:'],
    ['connect-src', "'self'", ...(options.connect ?? [])],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}
