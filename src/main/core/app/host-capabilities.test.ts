import { describe, expect, it } from 'vitest';
import { hostCapabilities } from './app-handlers';

describe('what each host declares it can do', () => {
  it('offers native dialogs and dropped-file paths in the desktop app, uploads and downloads in a browser', () => {
    expect(hostCapabilities('electron')).toMatchObject({
      nativeDialogs: true,
      droppedFilePaths: true,
      uploads: false,
    });
    expect(hostCapabilities('headless')).toMatchObject({
      nativeDialogs: false,
      droppedFilePaths: false,
      uploads: true,
      downloads: true,
    });
    expect(hostCapabilities('headless').typedPaths && hostCapabilities('electron').typedPaths).toBe(true);
  });
});
