import { describe, expect, it } from 'vitest';
import { defaultPort, launchUrl, parseCliArgs } from './parse-cli-args';

describe('dpgui serve arguments', () => {
  it('has loopback defaults', () => {
    expect(parseCliArgs(['serve'])).toEqual({
      kind: 'serve',
      port: defaultPort,
      host: '127.0.0.1',
      dataDir: undefined,
      newKey: false,
    });
  });

  it('reads --port, --host and --data-dir in both spellings, and --new-key', () => {
    expect(parseCliArgs(['serve', '--port', '0', '--host=::1', '--data-dir', 'd'])).toEqual({
      kind: 'serve',
      port: 0,
      host: '::1',
      dataDir: 'd',
      newKey: false,
    });
    expect(parseCliArgs(['serve', '--new-key', '--port=0'])).toMatchObject({ kind: 'serve', newKey: true });
  });

  it('names what is wrong', () => {
    expect(parseCliArgs(['serve', '--port', 'http'])).toEqual({
      kind: 'error',
      message: '--port must be a whole number from 0 to 65535, not "http".',
    });
    expect(parseCliArgs(['serve', '--port'])).toEqual({ kind: 'error', message: '--port needs a value.' });
    expect(parseCliArgs(['serve', '--verbose'])).toEqual({
      kind: 'error',
      message: 'Unknown option "--verbose".',
    });
    expect(parseCliArgs(['train'])).toEqual({ kind: 'error', message: 'Unknown command "train".' });
    expect(parseCliArgs([])).toEqual({ kind: 'help' });
  });

  it('prints one URL with the token in the fragment', () => {
    expect(launchUrl('127.0.0.1', 7433, 'abc')).toBe('http://127.0.0.1:7433/#token=abc');
    expect(launchUrl('::1', 7433, 'abc')).toBe('http://[::1]:7433/#token=abc');
    expect(launchUrl('0.0.0.0', 80, 'abc')).toBe('http://127.0.0.1:80/#token=abc');
  });
});
