import { describe, expect, it } from 'vitest';
import { serveToken } from './serve-token';

describe("dpgui serve's key", () => {
  it('is new and random at each start unless DPGUI_TOKEN is set', () => {
    const a = serveToken({});
    const b = serveToken({ DPGUI_TOKEN: '' });
    expect(a).toMatchObject({ ok: true, fixed: false });
    expect(b).toMatchObject({ ok: true, fixed: false });
    if (!a.ok || !b.ok) throw new Error('unreachable');
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.token).not.toBe(b.token);
  });

  it('keeps the DPGUI_TOKEN given, so an open page reconnects after a restart', () => {
    const token = 'k'.repeat(40);
    expect(serveToken({ DPGUI_TOKEN: token })).toEqual({ ok: true, token, fixed: true });
  });

  it('refuses a short or odd DPGUI_TOKEN, saying what it must be', () => {
    for (const bad of ['short', `${'a'.repeat(40)} space`, `${'a'.repeat(40)}/`]) {
      const answer = serveToken({ DPGUI_TOKEN: bad });
      expect(answer.ok).toBe(false);
      if (!answer.ok) expect(answer.message).toMatch(/^DPGUI_TOKEN must be 32 to 200 letters/);
    }
  });
});
