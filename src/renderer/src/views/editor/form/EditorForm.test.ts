// @vitest-environment happy-dom
/**
 * The generated form as a user meets it, on the sd-scripts SDXL schema: greyed fields say why and keep
 * their value, a toggle never changes the field it enables, changed fields reset in one click, issues
 * show under their field, sections collapse, the index counts, the search jumps, paths browse and take
 * drops where the host can, and the wheel never changes a value.
 */
import { MantineProvider } from '@mantine/core';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../../../shared/contract';
import { sdScriptsTrainer } from '../../../../../shared/trainers/sd-scripts';
import { TransportProvider } from '../../../api/client-context';
import { createFakeTransport } from '../../../api/live-state/fake-transport';
import { LiveStateProvider } from '../../../api/live-state/LiveStateProvider';
import { AppInfoProvider } from '../../../shell/app-info-context';
import type { EditorSchema } from '../state/editor-schema';
import { createEditorStore, type EditorStore } from '../state/editor-store';
import { EditorStoreContext } from '../state/use-editor';
import { readPath } from '../state/value-path';
import { EditorForm, FieldSearch, SectionIndex } from './index';

beforeAll(() => {
  // happy-dom has no FontFaceSet; Mantine's autosizing textarea listens to it.
  if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: new EventTarget() });
  Element.prototype.scrollIntoView = function scrollIntoView() {};
});
afterEach(cleanup);

const schema: EditorSchema = {
  trainer: 'sd-scripts',
  label: 'sd-scripts',
  families: sdScriptsTrainer.families,
  sections: sdScriptsTrainer.sections,
  schema: sdScriptsTrainer.schema,
  conflicts: [],
  defaults: Object.fromEntries(sdScriptsTrainer.families.map((f) => [f.id, sdScriptsTrainer.defaults(f.id)])),
  source: 'built-in',
};

const capabilities = (desktop: boolean): AppInfo['capabilities'] => ({
  nativeDialogs: desktop,
  openFolder: desktop,
  droppedFilePaths: desktop,
  typedPaths: true,
  uploads: !desktop,
  downloads: !desktop,
});

async function renderForm(values: Record<string, unknown> = {}, desktop = false) {
  const store: EditorStore = createEditorStore(
    schema,
    { trainer: 'sd-scripts', family: 'sdxl', values: { ...schema.defaults.sdxl, ...values } },
    { kind: 'new' },
  );
  const fake = createFakeTransport();
  const form = createElement(
    EditorStoreContext.Provider,
    { value: store },
    createElement(FieldSearch),
    createElement(SectionIndex),
    createElement(EditorForm, { sectionExtras: { dataset: createElement('p', null, 'Dataset extras') } }),
  );
  const view = render(
    createElement(
      MantineProvider,
      null,
      createElement(TransportProvider, {
        transport: fake.transport,
        children: createElement(LiveStateProvider, null, createElement(AppInfoProvider, null, form)),
      }),
    ),
  );
  const info = {
    name: 'DPGui',
    version: '0',
    host: desktop ? 'electron' : 'headless',
    dataDir: '/d',
    platform: 'linux',
  };
  await act(async () => {
    fake.answer('app.info', {
      ...info,
      pid: 1,
      startedAt: '',
      notices: [],
      capabilities: capabilities(desktop),
    });
    await Promise.resolve();
  });
  const value = (path: string) => readPath(store.getState().history.present.values, path);
  return { store, fake, value, ...view };
}

const row = (path: string): HTMLElement => {
  const found = document.querySelector<HTMLElement>(`[data-field-path="${path}"]`);
  if (!found) throw new Error(`no row ${path}`);
  return found;
};

describe('the generated form', () => {
  it('greys a field with its reason on hover and focus, keeps it focusable and its value shown', async () => {
    await renderForm({ cache_latents: false, cache_latents_to_disk: true });
    const toDisk = screen.getByRole('switch', { name: 'Cache latents to disk' });
    expect((toDisk as HTMLInputElement).disabled).toBe(true);
    expect((toDisk as HTMLInputElement).checked).toBe(true); // the value is kept and shown
    const greyed = row('cache_latents_to_disk');
    expect(greyed.tabIndex).toBe(0);
    const reasonId = greyed.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(reasonId)?.textContent).toBe('Only when latents are cached.');
    // Clip skip does not apply to SDXL: greyed with the family's reason.
    expect(within(row('clip_skip')).getByText('Does not apply to SDXL.')).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Clip skip').disabled).toBe(true);
  });

  it('never changes the value of a field its toggle enables', async () => {
    const { value } = await renderForm({
      keep_tokens_separator_enabled: false,
      keep_tokens_separator: '|||',
    });
    const separator = screen.getByLabelText<HTMLInputElement>('Separator');
    expect(separator.value).toBe('|||');
    expect(separator.disabled).toBe(true);
    fireEvent.click(screen.getByRole('switch', { name: 'Keep-tokens separator' }));
    expect(separator.disabled).toBe(false);
    expect(separator.value).toBe('|||');
    expect(value('keep_tokens_separator')).toBe('|||');
  });

  it('marks a changed field, shows its default, and resets it in one click', async () => {
    const { value } = await renderForm();
    const dim = screen.getByLabelText<HTMLInputElement>('Rank (dim)');
    expect(within(row('network_dim')).queryByRole('button', { name: 'Reset Rank (dim)' })).toBeNull();
    fireEvent.change(dim, { target: { value: '64' } });
    expect(value('network_dim')).toBe(64);
    expect(within(row('network_dim')).getByText('default: 32')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reset Rank (dim)' }));
    expect(value('network_dim')).toBe(32);
    expect(dim.value).toBe('32');
    expect(screen.queryByRole('button', { name: 'Reset Rank (dim)' })).toBeNull();
  });

  it('takes integers as integers, clears on empty, and says what to type for junk', async () => {
    const { value } = await renderForm();
    const dim = screen.getByLabelText('Rank (dim)');
    fireEvent.change(dim, { target: { value: '' } });
    expect(value('network_dim')).toBeNull();
    fireEvent.change(dim, { target: { value: '8.5' } });
    expect(value('network_dim')).toBeNull();
    expect(within(row('network_dim')).getByText(/Type a whole number/)).toBeTruthy();
    fireEvent.change(dim, { target: { value: '8' } });
    fireEvent.keyDown(dim, { key: 'ArrowUp' });
    expect(value('network_dim')).toBe(9);
  });

  it('shows configs.validate issues under their field: errors and warnings', async () => {
    const { store } = await renderForm();
    act(() =>
      store.setIssues(
        [
          { path: 'values.network_dim', label: 'Rank', severity: 'error', message: 'Must be at most 1024.' },
          {
            path: 'values.pretrained_model_name_or_path',
            label: 'Base model',
            severity: 'warning',
            message: 'Looks like a repo id.',
          },
        ],
        store.getState().history.present,
      ),
    );
    const error = within(row('network_dim')).getByText('Must be at most 1024.');
    expect(error.dataset.severity).toBe('error');
    expect(
      within(row('pretrained_model_name_or_path')).getByText('Looks like a repo id.').dataset.severity,
    ).toBe('warning');
    const index = screen.getByRole('navigation', { name: 'Sections' });
    expect(within(index).getByRole('button', { name: /^Network 1 error/ })).toBeTruthy();
  });

  it('draws titled sections, advanced ones collapsed with nothing rendered, the extras at the top', async () => {
    await renderForm();
    const network = screen.getByRole('region', { name: 'Network' });
    expect(within(network).getByLabelText('Network dropout')).toBeTruthy();
    const advanced = screen.getByRole('region', { name: 'Every other sd-scripts option' });
    const toggle = within(advanced).getByRole('button', { name: 'Every other sd-scripts option' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(advanced.querySelectorAll('[data-field-path]')).toHaveLength(0);
    fireEvent.click(toggle);
    expect(advanced.querySelectorAll('[data-field-path]').length).toBeGreaterThan(80);
    const dataset = screen.getByRole('region', { name: 'Dataset' });
    expect(within(dataset).getByText('Dataset extras')).toBeTruthy();
  });

  it('counts changed fields per section in the index', async () => {
    await renderForm({ network_dim: 64, network_alpha: 8 });
    const index = screen.getByRole('navigation', { name: 'Sections' });
    expect(within(index).getByRole('button', { name: /^Network\s*2 changed$/ })).toBeTruthy();
  });

  it('finds a field of a collapsed section by its label, key or tooltip and focuses it on Enter', async () => {
    await renderForm();
    const search = screen.getByRole('combobox', { name: 'Find a field' });
    fireEvent.change(search, { target: { value: 'huber_c' } });
    expect(screen.getByRole('option', { name: /Huber parameter/ })).toBeTruthy();
    // An advanced option, in the collapsed last section.
    fireEvent.change(search, { target: { value: 'debiased estimation' } });
    fireEvent.keyDown(search, { key: 'Enter' });
    await waitFor(() =>
      expect(document.activeElement?.getAttribute('aria-label')).toMatch(/debiased estimation/i),
    );
    const advanced = screen.getByRole('region', { name: 'Every other sd-scripts option' });
    expect(
      within(advanced)
        .getByRole('button', { name: 'Every other sd-scripts option' })
        .getAttribute('aria-expanded'),
    ).toBe('true');
  });

  it('never changes a value on the wheel: a number and a select stay as they are', async () => {
    const { value } = await renderForm();
    const before = [value('network_dim'), value('mixed_precision')];
    const dim = screen.getByLabelText('Rank (dim)');
    const precision = screen.getByLabelText('Training precision');
    for (const control of [dim, precision]) {
      const wheel = new WheelEvent('wheel', { deltaY: -100, bubbles: true, cancelable: true });
      control.dispatchEvent(wheel);
      expect(wheel.defaultPrevented).toBe(false); // the page scrolls
    }
    expect([value('network_dim'), value('mixed_precision')]).toEqual(before);
  });

  it('browses in the native dialog where the host has one, from the value’s folder, with the extensions', async () => {
    const { fake, value } = await renderForm(
      { pretrained_model_name_or_path: '/models/old/base.safetensors' },
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Browse for Base model' }));
    await waitFor(() => expect(fake.pending('host.openFileDialog')).toHaveLength(1));
    expect(fake.pending('host.openFileDialog')[0]?.payload).toEqual({
      title: 'Base model',
      defaultPath: '/models/old',
      filters: [{ name: 'Base model', extensions: ['safetensors', 'ckpt', 'pt', 'sft'] }],
    });
    await act(async () => {
      fake.answer('host.openFileDialog', { canceled: false, paths: ['/models/new.safetensors'] });
      await Promise.resolve();
    });
    await waitFor(() => expect(value('pretrained_model_name_or_path')).toBe('/models/new.safetensors'));
  });

  it('in the desktop app: a file dropped on a path field fills in its path', async () => {
    const bridge = { pathForFile: () => '/models/dropped.safetensors', onMenuCommand: () => () => {} };
    Object.defineProperty(window, 'dpguiHost', { configurable: true, value: bridge });
    try {
      const { value } = await renderForm({}, true);
      const file = new File(['x'], 'dropped.safetensors');
      fireEvent.drop(screen.getByLabelText('Base model'), {
        dataTransfer: { files: [file], types: ['Files'] },
      });
      expect(value('pretrained_model_name_or_path')).toBe('/models/dropped.safetensors');
    } finally {
      Reflect.deleteProperty(window, 'dpguiHost');
    }
  });

  it('in a browser: no Browse button, and a drop says to type or paste the path', async () => {
    const { value } = await renderForm();
    const before = value('pretrained_model_name_or_path');
    expect(screen.queryByRole('button', { name: 'Browse for Base model' })).toBeNull();
    const input = screen.getByLabelText('Base model');
    const file = new File(['x'], 'base.safetensors');
    fireEvent.drop(input, { dataTransfer: { files: [file], types: ['Files'] } });
    expect(within(row('pretrained_model_name_or_path')).getByText(/type or paste its path/)).toBeTruthy();
    expect(value('pretrained_model_name_or_path')).toBe(before);
  });
});
