// @vitest-environment happy-dom
/**
 * The editor's files parts against a host the test plays (the live-state fake transport) and the real
 * sd-scripts importer: import through the file input into the form's config with its summary, the
 * family question, files of another trainer, presets, unknown keys and the live files preview.
 */
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestOf } from '../../../../../shared/contract';
import type { TrainerConfig } from '../../../../../shared/contract/configs';
import { getTrainer, importWithDefaults } from '../../../../../shared/trainers';
import { TransportProvider } from '../../../api/client-context';
import { createFakeTransport } from '../../../api/live-state/fake-transport';
import { LiveStateProvider } from '../../../api/live-state/LiveStateProvider';
import type { EditorSchema } from '../state/editor-schema';
import { createEditorStore, type EditorOrigin, type EditorStore } from '../state/editor-store';
import { EditorStoreContext } from '../state/use-editor';
import { createFilesSession, FilesSessionContext } from './files-session';
import { FilesPreview } from './FilesPreview';
import { ImportButton } from './ImportButton';
import type { ImportAnswer } from './import-request';
import { PresetMenu } from './PresetMenu';
import { ExportButton } from './ExportButton';
import { AppInfoProvider } from '../../../shell/app-info-context';
import { ContractCallError } from '../../../../../shared/contract';
import { UnknownKeysPanel } from './UnknownKeysPanel';

afterEach(cleanup);

const h = createElement;
const sd = getTrainer('sd-scripts');
if (!sd) throw new Error('no sd-scripts definition');
const schema: EditorSchema = {
  trainer: 'sd-scripts',
  label: sd.label,
  families: sd.families,
  sections: sd.sections,
  schema: sd.schema,
  conflicts: sd.conflicts,
  defaults: Object.fromEntries(sd.families.map((f) => [f.id, sd.defaults(f.id)])),
  source: 'built-in',
};
const startConfig: TrainerConfig = { trainer: 'sd-scripts', family: 'sdxl', values: sd.defaults('sdxl') };

const pysideToml = `[[subsets]]
image_dir = "D:/data/10_char"
num_repeats = 10

[general_args.args]
pretrained_model_name_or_path = "D:/models/base.safetensors"
sdxl = true
my_fork_option = 7

[general_args.dataset_args]
resolution = 1024
batch_size = 2

[network_args.args]
network_dim = 32
`;

/** configs.import as the host answers it, from the request the component sent. */
function hostImport(request: RequestOf<'configs.import'>): ImportAnswer {
  const definition = getTrainer(request.trainer);
  if (!definition || !request.files) throw new Error('the test answers uploads only');
  const result = importWithDefaults(
    definition,
    request.files,
    request.family ? { family: request.family } : {},
  );
  return result.ok ? { ...result, needsFamily: false } : result;
}

function renderWith(children: ReactNode, origin: EditorOrigin = { kind: 'new' }) {
  const fake = createFakeTransport();
  const store: EditorStore = createEditorStore(schema, startConfig, origin);
  const session = createFilesSession();
  render(
    h(
      MantineProvider,
      // No transitions: a menu or dialog is there at once, as a user sees it after its animation.
      { env: 'test' },
      h(
        ModalsProvider,
        null,
        h(Notifications),
        h(TransportProvider, {
          transport: fake.transport,
          children: h(
            LiveStateProvider,
            null,
            h(
              AppInfoProvider,
              null,
              h(
                FilesSessionContext.Provider,
                { value: session },
                h(EditorStoreContext.Provider, { value: store }, children),
              ),
            ),
          ),
        }),
      ),
    ),
  );
  /** Answers the oldest open request on the channel once it is sent; gives back its payload. */
  const answer = async <T>(channel: Parameters<typeof fake.answer>[0], value: (payload: T) => unknown) => {
    await waitFor(() => expect(fake.pending(channel)).toHaveLength(1));
    const payload = fake.pending(channel)[0]?.payload as T;
    await act(async () => {
      fake.answer(channel, value(payload));
      await Promise.resolve();
    });
    return payload;
  };
  return { fake, store, session, answer };
}

const chooseFiles = (files: File[]) => {
  const input = document.querySelector('input[type="file"]');
  if (!(input instanceof HTMLInputElement)) throw new Error('no file input');
  expect(input.multiple).toBe(true);
  fireEvent.change(input, { target: { files } });
};
const button = (name: string | RegExp) => screen.getByRole('button', { name });

describe('Import… in a browser', () => {
  it('uploads the chosen file, fills the config in one undoable step and sums up what landed where', async () => {
    const { store, answer } = renderWith(h(ImportButton));
    chooseFiles([new File([pysideToml], 'queue_item.toml')]);
    const sent = await answer<RequestOf<'configs.import'>>('configs.import', hostImport);
    expect(sent).toEqual({
      trainer: 'sd-scripts',
      files: [{ name: 'queue_item.toml', content: pysideToml }],
    });

    const present = store.getState().history.present;
    expect(present.values).toMatchObject({ network_dim: 32, batch_size: 2, resolution: 1024 });
    expect(store.getState().origin).toEqual({ kind: 'import', fileName: 'queue_item.toml' });

    const dialog = await screen.findByRole('dialog', { name: /^Imported queue_item\.toml/ });
    expect(within(dialog).getByText('PySide trainer TOML')).toBeTruthy();
    const network = schema.sections.find(
      (s) => s.id === sd.schema.properties.network_dim?.['x-dpgui']?.section,
    );
    const group = within(dialog).getByRole('group', { name: `Landed in ${network?.label ?? ''}` });
    expect(group.textContent.startsWith(`${network?.label ?? ''} › `)).toBe(true);
    expect(group.textContent).toContain(sd.schema.properties.network_dim?.['x-dpgui']?.label ?? '');

    // The unknown key is not passed until the user says so; then it is written under its pass-through key.
    const pass = within(dialog).getByRole('checkbox', { name: /Pass through .*my_fork_option/ });
    fireEvent.click(pass);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pass through 1 key and close' }));
    expect(store.getState().history.present.passThrough).toEqual({ 'config.my_fork_option': 7 });

    // Undo twice: the pass-through choice, then the whole import.
    act(() => store.dispatch({ type: 'undo' }));
    expect(store.getState().history.present.passThrough).toBeUndefined();
    act(() => store.dispatch({ type: 'undo' }));
    expect(store.getState().history.present).toEqual(startConfig);
  });

  it('asks the family when the files do not say it, and imports again with the one chosen', async () => {
    const { store, answer } = renderWith(h(ImportButton));
    const dataset = '[[datasets]]\nresolution = 768\n\n[[datasets.subsets]]\nimage_dir = "/data/a"\n';
    chooseFiles([new File([dataset], 'dataset.toml')]);
    await answer('configs.import', hostImport); // sd-scripts: which family?
    await answer('configs.import', hostImport); // diffusion-pipe cannot read it
    const dialog = await screen.findByRole('dialog', { name: /which model family/ });
    expect(dialog.textContent).toMatch(/does not say which model family it trains/);
    expect(store.getState().history.past).toHaveLength(0);

    fireEvent.click(within(dialog).getByRole('combobox', { name: 'Model family of these files' }));
    fireEvent.click(await screen.findByRole('option', { name: 'SD3' }));
    fireEvent.click(button('Import with this family'));
    const again = await answer<RequestOf<'configs.import'>>('configs.import', hostImport);
    expect(again).toMatchObject({ trainer: 'sd-scripts', family: 'sd3' });
    expect(store.getState().history.present).toMatchObject({ family: 'sd3', values: { resolution: 768 } });
    expect(await screen.findByRole('dialog', { name: /^Imported dataset\.toml/ })).toBeTruthy();
  });

  it("hands another trainer's files to the page's trainer switch", async () => {
    const onOtherTrainer = vi.fn();
    const { store, answer } = renderWith(h(ImportButton, { onOtherTrainer }));
    const dp = 'output_dir = "/out"\ndataset = "dataset.toml"\nepochs = 1\n\n[model]\ntype = "flux"\n';
    chooseFiles([new File([dp], 'train.toml'), new File(['resolutions = [512]\n'], 'dataset.toml')]);
    const first = await answer<RequestOf<'configs.import'>>('configs.import', hostImport);
    expect(first.trainer).toBe('sd-scripts');
    const second = await answer<RequestOf<'configs.import'>>('configs.import', hostImport);
    expect(second.trainer).toBe('diffusion-pipe');
    await waitFor(() => expect(onOtherTrainer).toHaveBeenCalledTimes(1));
    expect(onOtherTrainer.mock.calls[0]).toEqual([
      expect.objectContaining({ trainer: 'diffusion-pipe', family: 'flux' }),
      { kind: 'import', fileName: 'train.toml + dataset.toml' },
    ]);
    expect(store.getState().history.past).toHaveLength(0);
  });

  it('names a file no trainer reads and changes nothing', async () => {
    const { store, answer } = renderWith(h(ImportButton));
    chooseFiles([new File(['= = broken'], 'broken.toml')]);
    await answer('configs.import', hostImport);
    await answer('configs.import', hostImport);
    expect(await screen.findByText('Could not import broken.toml')).toBeTruthy();
    expect(screen.getByText(/broken\.toml/, { selector: '.mantine-Notification-description' })).toBeTruthy();
    expect(store.getState().history.past).toHaveLength(0);
  });
});

describe('Presets', () => {
  const builtIn = {
    id: 'builtin:sdxl-lora',
    name: 'SDXL LoRA',
    trainer: 'sd-scripts',
    family: 'sdxl',
    builtIn: true,
    updatedAt: '',
  } as const;
  const mine = { ...builtIn, id: 'p1', name: 'Mine', builtIn: false, updatedAt: '2026-12-07T00:00:00Z' };
  const presetConfig: TrainerConfig = { ...startConfig, values: { ...startConfig.values, network_dim: 4 } };

  it('loads a built-in preset (read-only: no Save), saves it as, renames and deletes the copy', async () => {
    const { store, answer } = renderWith(h(PresetMenu));
    fireEvent.click(button('Presets'));
    await answer('presets.list', () => [builtIn, mine]);
    const item = await screen.findByRole('menuitem', { name: /SDXL LoRA/ });
    expect(item.textContent).toContain('model paths empty');
    expect(screen.getByRole('menuitem', { name: 'Save' }).hasAttribute('data-disabled')).toBe(true);
    fireEvent.click(item);
    await answer('presets.get', () => ({ ...builtIn, config: presetConfig }));
    expect(store.getState().history.present).toEqual(presetConfig);
    expect(store.getState().origin).toEqual({
      kind: 'preset',
      presetId: builtIn.id,
      name: 'SDXL LoRA',
      builtIn: true,
    });

    fireEvent.click(button('Presets'));
    await answer('presets.list', () => [builtIn, mine]);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Save as…' }));
    const name = await screen.findByRole('textbox', { name: 'Preset name' });
    expect((name as HTMLInputElement).value).toBe('SDXL LoRA copy');
    fireEvent.change(name, { target: { value: 'My SDXL' } });
    fireEvent.click(button('Save'));
    const saved = await answer<RequestOf<'presets.save'>>('presets.save', (p) => ({
      ...mine,
      id: 'p2',
      name: p.name,
      config: p.config,
    }));
    expect(saved).toEqual({ name: 'My SDXL', config: presetConfig });
    await waitFor(() =>
      expect(store.getState().origin).toEqual({
        kind: 'preset',
        presetId: 'p2',
        name: 'My SDXL',
        builtIn: false,
      }),
    );

    fireEvent.click(button('Presets'));
    await answer('presets.list', () => [builtIn, mine]);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Rename…' }));
    const rename = await screen.findByRole('textbox', { name: 'Preset name' });
    fireEvent.change(rename, { target: { value: 'Renamed' } });
    fireEvent.click(button('Rename'));
    const renamed = await answer<RequestOf<'presets.rename'>>('presets.rename', (p) => ({
      ...mine,
      id: p.id,
      name: p.name,
      config: presetConfig,
    }));
    expect(renamed).toEqual({ id: 'p2', name: 'Renamed' });
    await waitFor(() => expect(store.getState().origin).toMatchObject({ name: 'Renamed' }));

    fireEvent.click(button('Presets'));
    await answer('presets.list', () => [builtIn, mine]);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Delete…' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Delete the preset' }));
    expect(await answer('presets.delete', () => ({ deleted: true }))).toEqual({ id: 'p2' });
    await waitFor(() => expect(store.getState().origin).toEqual({ kind: 'new' }));
    expect(store.getState().history.present).toEqual(presetConfig);
  });

  it('asks before a preset replaces edits', async () => {
    const { store, answer, fake } = renderWith(h(PresetMenu));
    act(() => store.dispatch({ type: 'set', path: 'network_dim', value: 64, at: 1 }));
    fireEvent.click(button('Presets'));
    await answer('presets.list', () => [mine]);
    fireEvent.click(await screen.findByRole('menuitem', { name: /Mine/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Keep editing' }));
    expect(fake.pending('presets.get')).toHaveLength(0);

    fireEvent.click(button('Presets'));
    await answer('presets.list', () => [mine]);
    fireEvent.click(await screen.findByRole('menuitem', { name: /Mine/ }));
    fireEvent.click(await screen.findByRole('button', { name: 'Load the preset' }));
    await answer('presets.get', () => ({ ...mine, config: presetConfig }));
    expect(store.getState().history.present).toEqual(presetConfig);
  });
});

describe('Unknown keys panel', () => {
  it('switches a pass-through key off and on again, one undoable step each', () => {
    const { store } = renderWith(h(UnknownKeysPanel));
    act(() => store.dispatch({ type: 'replace', config: { ...startConfig, passThrough: { my_key: 3 } } }));
    const toggle = screen.getByRole<HTMLInputElement>('switch', { name: 'Pass through my_key' });
    expect(toggle.checked).toBe(true);
    fireEvent.click(toggle);
    expect(store.getState().history.present.passThrough).toBeUndefined();
    expect(screen.getByText(/None: every key/)).toBeTruthy();
    act(() => store.dispatch({ type: 'undo' }));
    expect(store.getState().history.present.passThrough).toEqual({ my_key: 3 });
  });
});

describe('Files preview', () => {
  const preview = (dim: unknown) => ({
    files: [
      { name: 'config.toml', content: `network_dim = ${String(dim)}\n`, role: 'config' },
      { name: 'dataset.toml', content: '[general]\n', role: 'dataset' },
    ],
    launch: {
      script: 'sdxl_train_network.py',
      args: ['--config_file', 'config.toml'],
      mainConfigFile: 'config.toml',
      outputs: [],
    },
  });

  it('shows each file and the launch command, follows the form, and never asks twice at once', async () => {
    const { store, fake, answer } = renderWith(h(FilesPreview, { debounceMs: 0 }));
    const first = await answer<RequestOf<'configs.preview'>>('configs.preview', (p) =>
      preview((p.config.values as { network_dim: unknown }).network_dim),
    );
    expect(first.config).toEqual(startConfig);
    expect((await screen.findByLabelText('Contents of config.toml')).textContent).toBe(
      `network_dim = ${String(startConfig.values.network_dim)}\n`,
    );
    expect(screen.getByRole('tab', { name: /dataset\.toml/ })).toBeTruthy();
    expect(screen.getByLabelText('Launch command').textContent).toBe(
      'sdxl_train_network.py --config_file config.toml',
    );

    act(() => store.dispatch({ type: 'set', path: 'network_dim', value: 8, at: 1 }));
    await waitFor(() => expect(fake.pending('configs.preview')).toHaveLength(1));
    act(() => store.dispatch({ type: 'set', path: 'network_dim', value: 9, at: 2000 }));
    act(() => store.dispatch({ type: 'set', path: 'network_dim', value: 10, at: 4000 }));
    // Still the one in flight; the newest waits for it.
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(fake.pending('configs.preview')).toHaveLength(1);
    await answer('configs.preview', () => preview(8));
    const last = await answer<RequestOf<'configs.preview'>>('configs.preview', (p) =>
      preview((p.config.values as { network_dim: unknown }).network_dim),
    );
    expect(last.config.values).toMatchObject({ network_dim: 10 });
    await waitFor(() =>
      expect(screen.getByLabelText('Contents of config.toml').textContent).toBe('network_dim = 10\n'),
    );
  });
});

describe('the host decides how files come and go', () => {
  const appInfo = (desktop: boolean) => ({
    name: 'DPGui',
    version: '0',
    host: desktop ? 'electron' : 'headless',
    dataDir: '/data',
    platform: 'linux',
    pid: 1,
    startedAt: '2026-12-07T00:00:00Z',
    notices: [],
    capabilities: {
      nativeDialogs: desktop,
      openFolder: desktop,
      droppedFilePaths: desktop,
      typedPaths: true,
      uploads: !desktop,
      downloads: !desktop,
    },
  });

  it('on the desktop, Import… opens the native dialog and the host reads the chosen paths', async () => {
    const { answer } = renderWith(h(ImportButton));
    await answer('app.info', () => appInfo(true));
    await waitFor(() => expect(document.querySelector('input[type="file"]')).toBeNull());
    fireEvent.click(await screen.findByRole('button', { name: 'Import…' }));
    const dialog = await answer<RequestOf<'host.openFileDialog'>>('host.openFileDialog', () => ({
      canceled: false,
      paths: ['/cfg/train.toml', '/cfg/dataset.toml'],
    }));
    expect(dialog.multiple).toBe(true);
    const sent = await answer<RequestOf<'configs.import'>>('configs.import', () => ({
      ok: false,
      format: null,
      needsFamily: false,
      message: 'train.toml cannot be read.',
    }));
    expect(sent).toEqual({ trainer: 'sd-scripts', paths: ['/cfg/train.toml', '/cfg/dataset.toml'] });
  });

  it('on the desktop, Export… writes into the chosen folder, asking before it replaces files', async () => {
    const { answer, fake } = renderWith(h(ExportButton));
    // The host refuses to replace files without overwrite, as configs.export does.
    const { client } = fake.transport;
    const request = client.request.bind(client);
    const asked: unknown[] = [];
    client.request = ((channel: Parameters<typeof request>[0], payload: unknown) => {
      if (channel !== 'configs.export' || (payload as { overwrite?: boolean }).overwrite === true)
        return request(channel, payload as never);
      asked.push(payload);
      return Promise.reject(
        new ContractCallError({
          code: 'conflict',
          message: '/exports/config.toml already exist; export again with overwrite to replace them.',
          details: [],
        }),
      );
    }) as typeof client.request;
    await answer('app.info', () => appInfo(true));
    fireEvent.click(await screen.findByRole('button', { name: 'Export…' }));
    await answer('host.openFolderDialog', () => ({ canceled: false, paths: ['/exports'] }));
    await waitFor(() =>
      expect(asked).toEqual([{ config: startConfig, folder: '/exports', overwrite: false }]),
    );
    expect(await screen.findByText(/already exist; export again/)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Replace them' }));
    const second = await answer<RequestOf<'configs.export'>>('configs.export', () => ({
      written: ['/exports/config.toml'],
    }));
    expect(second.overwrite).toBe(true);
    expect(await screen.findByText('Exported 1 file')).toBeTruthy();
  });

  it('in a browser, Export… downloads each written file', async () => {
    const created: Blob[] = [];
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      created.push(blob as Blob);
      return `blob:test/${String(created.length)}`;
    });
    const downloads: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      downloads.push(`${this.download} ${this.href}`);
    });
    try {
      const { answer } = renderWith(h(ExportButton));
      await answer('app.info', () => appInfo(false));
      fireEvent.click(await screen.findByRole('button', { name: 'Export…' }));
      await answer('configs.preview', () => ({
        files: [
          { name: 'config.toml', content: 'network_dim = 8\n', role: 'config' },
          { name: 'dataset.toml', content: '[general]\n', role: 'dataset' },
        ],
        launch: { args: [], mainConfigFile: 'config.toml', outputs: [] },
      }));
      await waitFor(() => expect(downloads).toEqual(['config.toml blob:test/1', 'dataset.toml blob:test/2']));
      expect(await created[0]?.text()).toBe('network_dim = 8\n');
    } finally {
      createObjectURL.mockRestore();
      click.mockRestore();
    }
  });
});
