/**
 * The composition root of everything that is not a host: it takes the data folder, then builds the
 * services and the handlers of every channel. Both hosts (the Electron shell and `dpgui serve`) start
 * exactly this and only add their transport. Later issues open the job database here, before any
 * handler can run.
 */
import { platform } from 'node:os';
import type { AppInfo, HostKind } from '../../shared/contract';
import { appName, appVersion } from './app/app-version';
import { createAppHandlers } from './app/app-handlers';
import { createDispatcher, type Dispatch, type Handlers } from './contract/dispatcher';
import { createSchemaValidators, type SchemaValidators } from './contract/schema-validators';
import { acquireDataDirLock } from './data-dir/data-dir-lock';
import { createEventBus, type EventBus } from './events/event-bus';
import { createProcessTable, type ProcessTable } from './platform/process-identity';
import { createSettingsHandlers } from './settings/settings-handlers';
import { openSettingsStore } from './settings/settings-store';

export interface AppCoreOptions {
  dataDir: string;
  host: HostKind;
  /** Check every answer against its schema (tests, development builds). */
  checkResponses?: boolean;
  processes?: ProcessTable;
  now?: () => Date;
  log?: (line: string) => void;
}

export interface AppCore {
  /** Also carries `notices`: sentences the user should read once (a settings file kept aside, …). */
  readonly info: AppInfo;
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  readonly validators: SchemaValidators;
  /** Release the data folder. Running trainers (later issues) are left running. */
  close(): void;
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.error(line));
  const processes = options.processes ?? createProcessTable();

  const lock = acquireDataDirLock(options.dataDir, options.host, processes, now);
  try {
    const validators = createSchemaValidators();
    const events = createEventBus((error) => log(`An event listener failed: ${String(error)}`));
    const settings = openSettingsStore(options.dataDir, (value) => validators.settings(value), now);
    const info: AppInfo = {
      name: appName,
      version: appVersion,
      host: options.host,
      dataDir: options.dataDir,
      platform: platform(),
      pid: process.pid,
      startedAt: now().toISOString(),
      notices: settings.notices,
    };
    const handlers: Handlers = {
      ...createAppHandlers(info),
      ...createSettingsHandlers(settings.store, events),
    };
    const dispatch = createDispatcher(handlers, {
      validators,
      checkResponses: options.checkResponses ?? false,
      onInternalError: (channel, error) =>
        log(
          `Handler of ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
    });
    let closed = false;
    return {
      info,
      dispatch,
      events,
      validators,
      close() {
        if (closed) return;
        closed = true;
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}
