// @vitest-environment happy-dom
/**
 * The editor's dataset panel against a real host in this process (HTTP, as `dpgui serve` answers):
 * a typed folder is registered and added, the panel shows exactly what datasets.configBuckets
 * answers for it, the steps follow batch size, repeats, accumulation and GPUs as sd-scripts computes
 * them, a registered dataset is added in one undo step, and broken folders are named with what to do.
 */
import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ContractCallError,
  contractError,
  isContractError,
  type ConfigBucketPreview,
  type DpguiClient,
  type RequestName,
  type ResponseOf,
  type TrainerConfig,
} from '../../../../../shared/contract';
import { TransportProvider } from '../../../api/client-context';
import { LiveStateProvider } from '../../../api/live-state/LiveStateProvider';
import { alwaysOpen, type Transport } from '../../../api/transport';
import { createEditorStore, type EditorStore } from '../state/editor-store';
import { toEditorSchema } from '../state/editor-schema';
import { EditorStoreContext } from '../state/use-editor';
import { WindowDrop } from '../../../shell/window-drop';
import { DatasetPanel } from './DatasetPanel';

/** tests/support/dataset-panel-host.ts's shape (the renderer's tsconfig cannot import Node code). */
interface PanelImage {
  name: string;
  width: number;
  height: number;
  caption?: string;
  captionExtension?: string;
}
interface DatasetPanelHost {
  post(channel: RequestName, payload: unknown): Promise<{ status: number; body: unknown }>;
  folder(images: readonly PanelImage[]): Promise<string>;
  missingFolder(): string;
}
const supportPath = '../../../../../../tests/support/dataset-panel-host';
const support = (await import(/* @vite-ignore */ supportPath)) as {
  useDatasetPanelHosts: () => () => Promise<DatasetPanelHost>;
};
const startHost = support.useDatasetPanelHosts();

afterEach(cleanup);

/** Long enough for a folder scan on a busy CI machine; the tests wait for what the panel shows. */
const shown = { timeout: 20_000 };

function httpTransport(host: DatasetPanelHost): Transport {
  const client = {
    async request(channel: RequestName, payload: unknown) {
      const { status, body } = await host.post(channel, payload);
      if (status === 200) return body;
      throw new ContractCallError(
        isContractError(body) ? body : contractError('internal', `The host answered HTTP ${status}.`),
      );
    },
    subscribe: () => () => {},
    file: () => Promise.reject(new Error('no files in this test')),
  } as unknown as DpguiClient;
  return { kind: 'web', client, connection: alwaysOpen() };
}

async function sdScriptsStore(host: DatasetPanelHost): Promise<EditorStore> {
  const answer = await host.post('configs.schema', { trainer: 'sd-scripts' });
  const schema = toEditorSchema(answer.body as ResponseOf<'configs.schema'>);
  const config: TrainerConfig = {
    trainer: 'sd-scripts',
    family: 'sd',
    values: {
      ...structuredClone(schema.defaults.sd ?? {}),
      pretrained_model_name_or_path: '/models/sd15.safetensors',
      output_dir: '/tmp/out',
      resolution: 512,
      enable_bucket: true,
      batch_size: 1,
      gradient_accumulation_steps: 1,
      max_train_unit: 'epochs',
      max_train_epochs: 10,
    },
  };
  return createEditorStore(schema, config, { kind: 'new' });
}

function renderPanel(host: DatasetPanelHost, store: EditorStore, gpus = 1) {
  const transport = httpTransport(host);
  const tree = (count: number): ReactNode =>
    createElement(
      MantineProvider,
      // No transitions or portals: the picker's options are there at once.
      { env: 'test' },
      createElement(TransportProvider, {
        transport,
        children: createElement(
          LiveStateProvider,
          null,
          createElement(
            EditorStoreContext.Provider,
            { value: store },
            // The window-wide drop around it, as the frame mounts it.
            createElement(WindowDrop, null, createElement(DatasetPanel, { gpus: count })),
          ),
        ),
      }),
    );
  const view = render(tree(gpus));
  return { ...view, setGpus: (count: number) => view.rerender(tree(count)) };
}

const figure = (id: string): string => screen.getByTestId(`figure-${id}-value`).textContent;
const idle = () => expect(screen.getByTestId('bucket-preview').getAttribute('aria-busy')).toBe('false');
const set = (store: EditorStore, path: string, value: unknown) =>
  act(() => store.dispatch({ type: 'set', path, value, at: Date.now(), newStep: true }));

/** What the panel shows, read off the screen. */
function onScreen() {
  return {
    figures: ['images', 'batches', 'epochs', 'steps-per-epoch', 'total-steps'].map(figure),
    buckets: screen
      .getAllByTestId('bucket-row')
      .map((row) => [
        within(row).getByTestId('bucket-size').textContent,
        within(row).getByTestId('bucket-with-repeats').textContent,
        within(row).getByTestId('bucket-batches').textContent,
      ]),
    folders: screen
      .getAllByTestId('bucket-folder')
      .map((row) => [
        within(row).getByTestId('folder-images').textContent,
        within(row).getByTestId('folder-repeats').textContent,
        within(row).getByTestId('folder-with-repeats').textContent,
      ]),
  };
}

/** The same, from the host's own answer for the config in the store. */
async function fromHost(host: DatasetPanelHost, store: EditorStore, gpus: number) {
  const answer = await host.post('datasets.configBuckets', {
    config: store.getState().history.present,
    gpus,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const preview = answer.body as ConfigBucketPreview;
  const text = (n: number | null) => (n === null ? '—' : n.toLocaleString('en-US'));
  return {
    figures: [
      preview.imagesWithRepeats,
      preview.batchesPerEpoch,
      preview.epochs,
      preview.stepsPerEpoch,
      preview.totalSteps,
    ].map(text),
    buckets: (preview.groups[0]?.buckets ?? []).map((b) => [
      `${b.width}×${b.height}`,
      String(b.imagesWithRepeats),
      String(b.steps),
    ]),
    folders: preview.folders.map((f) => [String(f.images), String(f.repeats), String(f.imagesWithRepeats)]),
  };
}

/** Waits until the panel shows these figures (in onScreen's order) and is done asking. */
async function showsFigures(expected: string[]): Promise<void> {
  await waitFor(() => {
    expect(onScreen().figures).toEqual(expected);
    idle();
  }, shown);
}

const squaresAndWides: PanelImage[] = [
  { name: 's1.png', width: 512, height: 512, caption: 'square one' },
  { name: 's2.png', width: 512, height: 512, caption: 'square two' },
  { name: 's3.png', width: 512, height: 512, caption: 'square three' },
  { name: 'w1.png', width: 768, height: 512, caption: 'wide one' },
  { name: 'w2.png', width: 768, height: 512, caption: 'wide two' },
];

describe('the dataset panel', () => {
  it('adds a typed folder and shows exactly what configBuckets answers; the steps follow the form as sd-scripts counts them', async () => {
    const host = await startHost();
    const folder = await host.folder(squaresAndWides);
    const store = await sdScriptsStore(host);
    const { setGpus } = renderPanel(host, store);

    fireEvent.change(screen.getByLabelText('Folder path'), { target: { value: folder } });
    fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));
    // The new config's blank folder is filled in, not kept beside it.
    await waitFor(() => {
      const subsets = store.getState().history.present.values.subsets as Record<string, unknown>[];
      expect(subsets.map((s) => s.image_dir)).toEqual([folder]);
    }, shown);
    // 3 squares in 512×512 and 2 wides in 640×384, batch 1: 5 batches; 10 epochs of 5 steps.
    await showsFigures(['5', '5', '10', '5', '50']);
    expect(onScreen()).toEqual(await fromHost(host, store, 1));
    expect(screen.getByText('num batches per epoch')).toBeTruthy();
    expect(screen.getByText('total optimization steps')).toBeTruthy();

    // Batch size 2: ceil(3/2) + ceil(2/2) = 3 batches per epoch.
    set(store, 'batch_size', 2);
    await showsFigures(['5', '3', '10', '3', '30']);
    expect(onScreen()).toEqual(await fromHost(host, store, 1));

    // 2 repeats: 6 and 4 images, 3 + 2 batches.
    set(store, 'subsets.0.num_repeats', 2);
    await showsFigures(['10', '5', '10', '5', '50']);
    expect(onScreen()).toEqual(await fromHost(host, store, 1));

    // Gradient accumulation 2: ceil(5/2) = 3 optimizer steps per epoch.
    set(store, 'gradient_accumulation_steps', 2);
    await showsFigures(['10', '5', '10', '3', '30']);

    // 2 GPUs: each loads ceil(5/2) = 3 batches; 10 × ceil(5/2/2) = 20 steps.
    setGpus(2);
    await showsFigures(['10', '3', '10', '2', '20']);
    expect(onScreen()).toEqual(await fromHost(host, store, 2));
  });

  it('adds a registered dataset picked from the list in one undo step', async () => {
    const host = await startHost();
    const folder = await host.folder(squaresAndWides.slice(0, 2));
    const registered = await host.post('datasets.register', { path: folder, name: 'squares' });
    expect(registered.status).toBe(200);
    const store = await sdScriptsStore(host);
    const before = store.getState().history.present;
    renderPanel(host, store);

    const picker = screen.getByRole('combobox', { name: 'Add a registered dataset' });
    await waitFor(() => expect(picker.hasAttribute('disabled')).toBe(false), shown);
    fireEvent.click(picker);
    fireEvent.click(await screen.findByRole('option', { name: /^squares/ }));
    await waitFor(() => {
      const subsets = store.getState().history.present.values.subsets as Record<string, unknown>[];
      expect(subsets.map((s) => [s.image_dir, s.name])).toEqual([[folder, 'squares']]);
    });
    await waitFor(
      () =>
        expect(screen.getAllByTestId('bucket-folder').map((row) => row.dataset.field)).toEqual([
          'values.subsets.0.image_dir',
        ]),
      shown,
    );
    act(() => store.dispatch({ type: 'undo' }));
    expect(store.getState().history.present).toEqual(before);
  });

  it('registers and adds a folder dropped on the panel on the desktop; in a browser it says to type the path', async () => {
    const host = await startHost();
    const folder = await host.folder(squaresAndWides.slice(0, 1));
    const store = await sdScriptsStore(host);
    renderPanel(host, store);
    const drop = () =>
      fireEvent.drop(screen.getByTestId('dataset-panel'), {
        dataTransfer: { files: [new File([''], '1_char')], types: ['Files'] },
      });

    drop(); // a browser: no path for a dropped item
    expect(screen.getByTestId('add-folder-error').textContent).toBe(
      'A folder dropped in a browser gives no path: type or paste the folder’s path in Folder path.',
    );

    const desktop = window as { dpguiHost?: { pathForFile: (file: File) => string } };
    desktop.dpguiHost = { pathForFile: () => folder };
    try {
      drop();
      await waitFor(() => {
        const subsets = store.getState().history.present.values.subsets as Record<string, unknown>[];
        expect(subsets.map((s) => s.image_dir)).toEqual([folder]);
      }, shown);
      const listed = await host.post('datasets.list', {});
      expect((listed.body as ResponseOf<'datasets.list'>).datasets.map((d) => d.path)).toEqual([folder]);
    } finally {
      delete desktop.dpguiHost;
    }
  });

  it('adds a folder dropped anywhere on the window while the editor is open (desktop), not only registers it', async () => {
    const host = await startHost();
    const folder = await host.folder(squaresAndWides.slice(0, 1));
    const store = await sdScriptsStore(host);
    renderPanel(host, store);
    const desktop = window as { dpguiHost?: { pathForFile: (file: File) => string } };
    desktop.dpguiHost = { pathForFile: () => folder };
    try {
      const event = new Event('drop', { bubbles: true, cancelable: true });
      const file = new File([''], '1_char');
      Object.defineProperty(event, 'dataTransfer', {
        value: {
          types: ['Files'],
          dropEffect: 'none',
          items: [{ kind: 'file', getAsFile: () => file, webkitGetAsEntry: () => ({ isDirectory: true }) }],
        },
      });
      act(() => void window.dispatchEvent(event));
      await waitFor(() => {
        const subsets = store.getState().history.present.values.subsets as Record<string, unknown>[];
        expect(subsets.map((s) => s.image_dir)).toEqual([folder]);
      }, shown);
    } finally {
      delete desktop.dpguiHost;
    }
  });

  it('names a folder that cannot be read, an empty folder and captions of another extension, with what to do', async () => {
    const host = await startHost();
    const missing = host.missingFolder();
    const empty = await host.folder([]);
    const otherCaptions = await host.folder([
      { name: 'a.png', width: 512, height: 512, caption: 'a', captionExtension: '.caption' },
      { name: 'b.png', width: 512, height: 512, caption: 'b', captionExtension: '.caption' },
    ]);
    const store = await sdScriptsStore(host);
    renderPanel(host, store);
    // A path the host refuses stays typed, with the host's reason.
    fireEvent.change(screen.getByLabelText('Folder path'), { target: { value: 'datasets/cats' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add folder' }));
    expect((await screen.findByTestId('add-folder-error', {}, shown)).textContent).toMatch(
      /^datasets\/cats was not added: .*absolute/,
    );
    expect(screen.getByLabelText<HTMLInputElement>('Folder path').value).toBe('datasets/cats');
    set(store, 'subsets', [
      { image_dir: missing, num_repeats: 1, caption_extension: '.txt' },
      { image_dir: empty, num_repeats: 1, caption_extension: '.txt' },
      { image_dir: otherCaptions, num_repeats: 1, caption_extension: '.txt' },
    ]);
    await waitFor(() => {
      expect(screen.getAllByTestId('bucket-folder')).toHaveLength(3);
      idle();
    }, shown);
    const problems = screen.getAllByTestId('bucket-folder').map((row) =>
      within(row)
        .queryAllByTestId('folder-problem')
        .map((p) => p.textContent),
    );
    expect(problems[0]?.join(' ')).toMatch(
      /not-there cannot be read: .*\. Check the path in Image folder, or choose another folder\.$/,
    );
    expect(problems[1]).toEqual([
      `No images in ${empty}: sd-scripts trains nothing from it. Put the images directly in this folder (not in sub-folders), or choose another folder.`,
    ]);
    expect(problems[2]).toEqual([
      'No image in this folder has a .txt caption file: sd-scripts trains them with an empty caption. Set the caption extension to the one your caption files have, or write captions.',
    ]);
    // Fixing the extension clears it.
    set(store, 'subsets.2.caption_extension', '.caption');
    await waitFor(() => {
      const row = screen.getAllByTestId('bucket-folder')[2];
      expect(row && within(row).queryAllByTestId('folder-problem')).toEqual([]);
    }, shown);
  });
});
