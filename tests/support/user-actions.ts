/**
 * Counts what a user does in an E2E journey: each click, each field typed (the typing and the Enter or
 * Tab that commits it are one action), each key press and each drop is one action, with what it was, so
 * a journey can print how many actions it took and which steps cost most. Looking (hover, reading) is
 * free: it is not counted.
 */
import type { Locator, Page } from '@playwright/test';

export interface UserAction {
  step: string;
  what: string;
}

export interface UserActions {
  click: (step: string, target: Locator) => Promise<void>;
  /** Types `text` into the field (replacing what it held); `commit` presses that key after it. */
  type: (step: string, target: Locator, text: string, commit?: 'Enter' | 'Tab') => Promise<void>;
  press: (step: string, key: string) => Promise<void>;
  /** Drops files (name → text) on `target` as the browser does: dragenter, dragover, drop. */
  dropFiles: (step: string, target: Locator, files: Record<string, string>) => Promise<void>;
  readonly list: readonly UserAction[];
  count: () => number;
  /** "12 actions: 2 set up the install, …" (per step, in the order first met). */
  summary: () => string;
}

export function countUserActions(page: Page): UserActions {
  const list: UserAction[] = [];
  const record = (step: string, what: string): void => {
    list.push({ step, what });
  };
  return {
    list,
    async click(step, target) {
      await target.click();
      record(step, 'click');
    },
    async type(step, target, text, commit) {
      await target.fill(text);
      if (commit) await target.press(commit);
      record(step, `type "${text}"`);
    },
    async press(step, key) {
      await page.keyboard.press(key);
      record(step, `press ${key}`);
    },
    async dropFiles(step, target, files) {
      // A DataTransfer made in the page, as a drag from the file manager brings it.
      const transfer = await page.evaluateHandle(
        `(() => {
          const transfer = new DataTransfer();
          for (const [name, text] of Object.entries(${JSON.stringify(files)}))
            transfer.items.add(new File([text], name, { type: name.endsWith('.json') ? 'application/json' : 'application/toml' }));
          return transfer;
        })()`,
      );
      for (const type of ['dragenter', 'dragover', 'drop'])
        await target.dispatchEvent(type, { dataTransfer: transfer });
      record(step, `drop ${Object.keys(files).join(', ')}`);
    },
    count: () => list.length,
    summary() {
      const perStep = new Map<string, number>();
      for (const action of list) perStep.set(action.step, (perStep.get(action.step) ?? 0) + 1);
      const parts = [...perStep].map(([step, n]) => `${n} ${step}`);
      return `${list.length} actions: ${parts.join('; ')}`;
    },
  };
}
