import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveKeyFile } from './serve-key-file';
import { serveToken, type KeyStore } from './serve-token';

function memoryStore(kept: string | null = null): KeyStore & { kept: string | null } {
  return {
    kept,
    read() {
      return this.kept;
    },
    write(key) {
      this.kept = key;
    },
  };
}

describe("dpgui serve's key", () => {
  it('is made at the first start and kept, so an open page reconnects after a restart', () => {
    const store = memoryStore();
    const first = serveToken({}, store);
    expect(first).toMatchObject({ ok: true, source: 'new' });
    if (!first.ok) throw new Error('unreachable');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(serveToken({ DPGUI_TOKEN: '' }, store)).toEqual({ ok: true, token: first.token, source: 'kept' });
  });

  it('is new with --new-key, and a kept key that is not a valid key is replaced', () => {
    const store = memoryStore('k'.repeat(40));
    const renewed = serveToken({}, store, { renew: true });
    expect(renewed).toMatchObject({ ok: true, source: 'new' });
    expect(store.kept).not.toBe('k'.repeat(40));
    const garbled = memoryStore('short');
    expect(serveToken({}, garbled)).toMatchObject({ ok: true, source: 'new' });
    expect(garbled.kept).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('is DPGUI_TOKEN where that is set, leaving the kept key alone', () => {
    const token = 'k'.repeat(40);
    const store = memoryStore('s'.repeat(40));
    expect(serveToken({ DPGUI_TOKEN: token }, store)).toEqual({ ok: true, token, source: 'env' });
    expect(store.kept).toBe('s'.repeat(40));
  });

  it('refuses a short or odd DPGUI_TOKEN, saying what it must be', () => {
    for (const bad of ['short', `${'a'.repeat(40)} space`, `${'a'.repeat(40)}/`]) {
      const answer = serveToken({ DPGUI_TOKEN: bad }, memoryStore());
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.message).toMatch(/^DPGUI_TOKEN must be 32 to 200 letters/);
    }
  });

  it('is kept in the data folder, readable by its owner only', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dpgui-key-'));
    writeFileSync(join(dataDir, 'serve-key'), 'short\n', { mode: 0o644 });
    const made = serveToken({}, serveKeyFile(dataDir));
    if (!made.ok) throw new Error('unreachable');
    expect(readFileSync(join(dataDir, 'serve-key'), 'utf8')).toBe(`${made.token}\n`);
    expect(statSync(join(dataDir, 'serve-key')).mode & 0o777).toBe(0o600);
    expect(serveToken({}, serveKeyFile(dataDir))).toEqual({ ok: true, token: made.token, source: 'kept' });
  });
});
