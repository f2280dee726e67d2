import { describe, expect, it } from 'vitest';
import { allowedRendererOrigins, isTrustedSenderUrl } from './renderer-origin';
import { isWebUrl } from './window-guards-url';

describe('IPC sender check', () => {
  const allowed = allowedRendererOrigins(undefined);

  it('trusts the app’s own pages only', () => {
    expect(isTrustedSenderUrl('app://dpgui/index.html', allowed)).toBe(true);
    expect(isTrustedSenderUrl('app://dpgui.evil/index.html', allowed)).toBe(false);
    expect(isTrustedSenderUrl('https://dpgui/index.html', allowed)).toBe(false);
    expect(isTrustedSenderUrl('file:///home/mira/page.html', allowed)).toBe(false);
    expect(isTrustedSenderUrl('about:blank', allowed)).toBe(false);
    expect(isTrustedSenderUrl(undefined, allowed)).toBe(false);
  });

  it('trusts the development server only when it is the one configured', () => {
    const dev = allowedRendererOrigins('http://localhost:5173/');
    expect(isTrustedSenderUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/index.html', dev)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/index.html', allowed)).toBe(false);
  });

  it('opens only web links outside the app', () => {
    expect(isWebUrl('https://github.com/kohya-ss/sd-scripts')).toBe(true);
    expect(isWebUrl('file:///etc/passwd')).toBe(false);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('not a url')).toBe(false);
  });
});
