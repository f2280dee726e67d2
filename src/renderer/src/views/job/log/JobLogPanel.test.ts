// @vitest-environment happy-dom
/**
 * The log panel against a host the test plays (the live-state fake transport): what a user sees and
 * what the panel asks the host for when they follow, search, jump and copy.
 */
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobLogEvent, LogsReadResponse } from '../../../../../shared/contract';
import { TransportProvider } from '../../../api/client-context';
import { createFakeTransport } from '../../../api/live-state/fake-transport';
import { LiveStateProvider } from '../../../api/live-state/LiveStateProvider';
import { ShortcutsProvider } from '../../../shell/shortcuts/shortcuts-context';
import { JobLogPanel } from './JobLogPanel';

beforeAll(() => {
  // happy-dom lays nothing out: give the scroller a size so the virtual list paints rows.
  for (const [name, value] of [
    ['clientHeight', 400],
    ['offsetHeight', 400],
    ['offsetWidth', 800],
  ] as const)
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => value });
  // As tall as the virtual list's content.
  Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      const inner = this.firstElementChild;
      return inner instanceof HTMLElement ? Number.parseFloat(inner.style.height) || 0 : 0;
    },
  });
});
afterEach(cleanup);

const esc = '\u001b';
const line = (n: number) => ({ stream: 'stdout' as const, time: n, text: `line ${n}` });
const read = (fromLine: number, to: number, totalLines = to): LogsReadResponse => ({
  jobId: 'j',
  fromLine,
  lines: Array.from({ length: to - fromLine }, (_, i) => line(fromLine + i)),
  partial: [],
  totalLines,
});

function renderPanel(running = true) {
  const fake = createFakeTransport();
  const tree = (children: ReactNode) =>
    createElement(
      MantineProvider,
      null,
      createElement(Notifications),
      createElement(TransportProvider, {
        transport: fake.transport,
        children: createElement(LiveStateProvider, null, createElement(ShortcutsProvider, null, children)),
      }),
    );
  const view = render(tree(createElement(JobLogPanel, { jobId: 'j', running })));
  return { fake, ...view };
}

const answer = (
  fake: ReturnType<typeof createFakeTransport>,
  channel: 'logs.read' | 'logs.search',
  value: unknown,
) =>
  act(async () => {
    await waitFor(() => expect(fake.pending(channel).length).toBeGreaterThan(0));
    fake.answer(channel, value);
  });

/** A browser tells the list where it scrolled to with a scroll event; happy-dom sends none. */
const scrolled = () => act(() => void fireEvent.scroll(screen.getByTestId('job-log-scroller')));
const painted = () => screen.queryAllByTestId('log-line').map((el) => Number(el.getAttribute('data-line')));
const follow = () => screen.getByTestId('log-follow').getAttribute('aria-pressed');

describe('the live log panel', () => {
  it('says the trainer printed nothing yet, then shows its lines as they stream in, colours drawn as text', async () => {
    const { fake } = renderPanel();
    await answer(fake, 'logs.read', read(0, 0));
    expect((await screen.findByTestId('log-empty')).textContent).toContain(
      'No output yet — the trainer has not printed anything',
    );
    const batch: JobLogEvent = {
      jobId: 'j',
      fromLine: 0,
      lines: [line(0), { stream: 'stderr', time: 1, text: `${esc}[31mError${esc}[0m <b>not bold</b>` }],
      partial: [{ stream: 'stderr', text: 'steps:  40%|████' }],
    };
    await waitFor(() => expect(fake.open('job.log')).toHaveLength(1));
    act(() => fake.emit('job.log', batch));
    await waitFor(() => expect(painted()).toEqual([0, 1]));
    expect(screen.queryByTestId('log-empty')).toBeNull();
    const errorLine = screen.getAllByTestId('log-line')[1];
    expect(errorLine?.getAttribute('data-stream')).toBe('stderr');
    expect(errorLine?.querySelector('b')).toBeNull();
    expect(errorLine?.textContent).toContain('Error <b>not bold</b>');
    const red = [...(errorLine?.querySelectorAll('span') ?? [])].find((span) => span.textContent === 'Error');
    expect(red?.getAttribute('style')).toContain('var(--log-ansi-red)');
    expect(screen.getByTestId('log-partial').textContent).toContain('40%');
    expect(screen.getByTestId('log-summary').textContent).toBe('2 lines');
  });

  it('stops following when the user scrolls up, and the toggle follows again', async () => {
    const { fake } = renderPanel();
    await answer(fake, 'logs.read', read(0, 300));
    await waitFor(() => {
      scrolled();
      expect(painted()).toContain(299);
    });
    expect(follow()).toBe('true');
    const scroller = screen.getByTestId('job-log-scroller');
    act(() => {
      scroller.scrollTop = 100;
      fireEvent.scroll(scroller);
    });
    expect(follow()).toBe('false');
    fireEvent.click(screen.getByTestId('log-follow'));
    expect(follow()).toBe('true');
  });

  it('does not follow a finished job, and reads the head of a long log with a gap row for the lines between', async () => {
    const { fake } = renderPanel(false);
    await answer(fake, 'logs.read', read(998_000, 1_000_000));
    await waitFor(() => {
      scrolled();
      expect(painted()).toContain(999_999);
    });
    expect(follow()).toBe('false');
    fireEvent.click(screen.getByTestId('log-jump-start'));
    await waitFor(() => expect(fake.pending('logs.read')).toHaveLength(1));
    expect(fake.pending('logs.read')[0]?.payload).toEqual({ jobId: 'j', fromLine: 0, count: 5000 });
    await answer(fake, 'logs.read', read(0, 5000, 1_000_000));
    await waitFor(() => {
      scrolled();
      expect(painted()[0]).toBe(0);
    });
    // The gap row sits after the head page: scroll down to it.
    const scroller = screen.getByTestId('job-log-scroller');
    act(() => {
      scroller.scrollTop = 4990 * 20;
      fireEvent.scroll(scroller);
    });
    const gap = await screen.findByTestId('log-gap');
    expect(gap.textContent).toContain('993,000 lines not loaded');
    fireEvent.click(screen.getByRole('button', { name: 'Show the last 5,000' }));
    await waitFor(() => expect(fake.pending('logs.read')).toHaveLength(1));
    expect(fake.pending('logs.read')[0]?.payload).toEqual({ jobId: 'j', fromLine: 993_000, count: 5000 });
  });

  it('searches with logs.search and jumps to a hit far back: reads the page around it and highlights it', async () => {
    const { fake } = renderPanel();
    await answer(fake, 'logs.read', read(998_000, 1_000_000));
    await waitFor(() => {
      scrolled();
      expect(painted()).toContain(999_999);
    });
    const box = screen.getByTestId('log-search');
    fireEvent.change(box, { target: { value: 'loss' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(fake.pending('logs.search')).toHaveLength(1));
    expect(fake.pending('logs.search')[0]?.payload).toMatchObject({ jobId: 'j', query: 'loss' });
    await answer(fake, 'logs.search', {
      jobId: 'j',
      matches: [
        { line: 500_000, stream: 'stdout', time: 0, text: 'avg loss 0.1' },
        { line: 999_990, stream: 'stdout', time: 0, text: 'avg loss 0.05' },
      ],
      truncated: false,
      totalLines: 1_000_000,
    });
    await waitFor(() => expect(fake.pending('logs.read')).toHaveLength(1));
    expect(fake.pending('logs.read')[0]?.payload).toEqual({ jobId: 'j', fromLine: 497_500, count: 5000 });
    const page = read(497_500, 502_500, 1_000_000);
    page.lines[2500] = { stream: 'stdout', time: 0, text: 'avg loss 0.1' };
    await answer(fake, 'logs.read', page);
    await waitFor(() => expect(screen.getByTestId('log-search-hits').textContent).toBe('1 / 2'));
    expect(follow()).toBe('false');
    const scroller = screen.getByTestId('job-log-scroller');
    act(() => {
      fireEvent.scroll(scroller);
    });
    const hit = await waitFor(() => {
      const found = document.querySelector('[data-line="500000"]');
      expect(found).not.toBeNull();
      return found;
    });
    expect(hit?.getAttribute('aria-current')).toBe('true');
    expect(hit?.querySelector('mark')?.textContent).toBe('loss');
    // The next hit is held already: no read, just the jump (Shift+Enter goes back round).
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(screen.getByTestId('log-search-hits').textContent).toBe('2 / 2'));
    expect(fake.pending('logs.read')).toHaveLength(0);
  });

  it('lets go of the oldest lines while following a long log, and reads them again on the way to the first line', async () => {
    const { fake } = renderPanel();
    await answer(fake, 'logs.read', read(0, 0));
    await waitFor(() => expect(fake.open('job.log')).toHaveLength(1));
    for (let from = 0; from < 21_000; from += 3000)
      act(() =>
        fake.emit('job.log', {
          jobId: 'j',
          fromLine: from,
          lines: read(from, from + 3000).lines,
          partial: [],
        }),
      );
    await waitFor(() => expect(screen.getByTestId('log-summary').textContent).toBe('21,000 lines'));
    // Held: about the last 10,000 lines only.
    const scroller = screen.getByTestId('job-log-scroller');
    await waitFor(() => expect(scroller.scrollHeight).toBeLessThanOrEqual(11_000 * 20));
    fireEvent.click(screen.getByTestId('log-jump-start'));
    await waitFor(() => expect(fake.pending('logs.read')).toHaveLength(1));
    expect(fake.pending('logs.read')[0]?.payload).toEqual({ jobId: 'j', fromLine: 0, count: 5000 });
  });

  it('says what to do when the log cannot be read, and reads it again on request', async () => {
    const { fake } = renderPanel();
    await waitFor(() => expect(fake.pending('logs.read')).toHaveLength(1));
    act(() => fake.fail('logs.read', 'The job was not found'));
    const alert = await screen.findByTestId('log-error');
    expect(alert.textContent).toContain('The job was not found. Check that DPGui is still running');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await answer(fake, 'logs.read', read(0, 3));
    await waitFor(() => expect(painted()).toEqual([0, 1, 2]));
  });

  it('copies the whole log page by page, and says so when done', async () => {
    const writeText = vi.fn((text: string) => Promise.resolve(text.length > 0 ? undefined : undefined));
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
    vi.stubGlobal('ClipboardItem', undefined);
    const { fake } = renderPanel(false);
    await answer(fake, 'logs.read', read(0, 3));
    fireEvent.click(screen.getByTestId('log-copy'));
    await answer(fake, 'logs.read', read(0, 5000, 7000));
    await waitFor(() => expect(screen.getByTestId('log-copy').textContent).toContain('Copying… 71%'));
    expect(fake.pending('logs.read')[0]?.payload).toEqual({ jobId: 'j', fromLine: 5000, count: 5000 });
    await answer(fake, 'logs.read', read(5000, 7000, 7000));
    await screen.findByText('7,000 lines are on the clipboard.');
    expect(writeText.mock.calls[0]?.[0].split('\n')).toHaveLength(7000);
    vi.unstubAllGlobals();
  });
});
