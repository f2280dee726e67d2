import { describe, expect, it, vi } from 'vitest';
import { contractError, defaultSettings, type AppInfo, type SettingsPatch } from '../../../shared/contract';
import { createDispatcher, HandlerError, type Handlers } from './dispatcher';
import { createSchemaValidators } from './schema-validators';

const info: AppInfo = {
  name: 'DPGui',
  version: '0.0.0',
  host: 'headless',
  dataDir: '/data',
  platform: 'linux',
  pid: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  notices: [],
  capabilities: {
    nativeDialogs: false,
    openFolder: false,
    droppedFilePaths: false,
    typedPaths: true,
    uploads: true,
    downloads: true,
  },
};

// These tests dispatch only app.info and settings.*: the other channels' handlers are never reached.
function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'app.info': vi.fn(() => info),
    'settings.get': vi.fn(() => ({ ...defaultSettings, colorScheme: 'auto' as const })),
    'settings.set': vi.fn((patch: SettingsPatch) => ({
      ...defaultSettings,
      colorScheme: patch.colorScheme ?? 'auto',
    })),
    ...overrides,
  } as Handlers;
}

const validators = createSchemaValidators();

describe('the dispatcher', () => {
  it('answers an unknown channel with unknown_channel and calls nothing', async () => {
    const h = handlers();
    const result = await createDispatcher(h, { validators })('jobs.explode', {});
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'unknown_channel',
        message: 'There is no request channel named "jobs.explode".',
        details: [],
      },
    });
    expect(h['app.info']).not.toHaveBeenCalled();
  });

  it('does not treat Object.prototype names as channels', async () => {
    const result = await createDispatcher(handlers(), { validators })('constructor', {});
    expect(result.ok || result.error.code).toBe('unknown_channel');
  });

  it('refuses a payload that fails its schema, naming the field, before the handler runs', async () => {
    const h = handlers();
    const result = await createDispatcher(h, { validators })('settings.set', { colorScheme: 'purple' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_payload');
    expect(result.error.details).toEqual([
      { path: 'colorScheme', message: 'must be one of: "auto", "light", "dark"' },
    ]);
    expect(result.error.message).toContain('colorScheme');
    expect(h['settings.set']).not.toHaveBeenCalled();
  });

  it('names unknown fields and non-object payloads', async () => {
    const dispatch = createDispatcher(handlers(), { validators });
    const extra = await dispatch('app.info', { verbose: true });
    expect(!extra.ok && extra.error.details).toEqual([{ path: 'verbose', message: 'is not a known field' }]);
    const array = await dispatch('settings.set', [1]);
    expect(!array.ok && array.error.details).toEqual([{ path: '', message: 'must be of type object' }]);
    const empty = await dispatch('settings.set', {});
    expect(!empty.ok && empty.error.details[0]?.message).toBe('must name at least 1 field(s)');
  });

  it('passes a handler’s own error through unchanged', async () => {
    const error = contractError('io_error', 'The disk is full.');
    const dispatch = createDispatcher(
      handlers({
        'settings.get': () => {
          throw new HandlerError(error);
        },
      }),
      { validators },
    );
    expect(await dispatch('settings.get', {})).toEqual({ ok: false, error });
  });

  it('turns an unexpected failure into an internal error and reports it', async () => {
    const onInternalError = vi.fn();
    const dispatch = createDispatcher(
      handlers({
        'settings.get': () => {
          throw new Error('boom');
        },
      }),
      { validators, onInternalError },
    );
    const result = await dispatch('settings.get', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'settings.get failed: boom', details: [] },
    });
    expect(onInternalError).toHaveBeenCalledWith('settings.get', expect.any(Error));
  });

  it('catches an answer that breaks its schema when responses are checked', async () => {
    const broken = handlers({ 'settings.get': () => ({ colorScheme: 'sepia' }) as never });
    const checked = await createDispatcher(broken, { validators, checkResponses: true })('settings.get', {});
    expect(!checked.ok && checked.error.code).toBe('invalid_response');
    const unchecked = await createDispatcher(broken, { validators })('settings.get', {});
    expect(unchecked.ok).toBe(true);
  });
});
