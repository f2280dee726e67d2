/**
 * The editor's page around one store: the title (and where the config came from), the draft offer,
 * the problem summary, the top bar; then the section index and the field search, the form, and the
 * side panel with the Problems, Files and Queue tabs.
 */
import { Alert, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import type { Draft, Job } from '../../../../../shared/contract';
import type { TrainerKind } from '../../../../../shared/contract/trainer-kinds';
import { useClient } from '../../../api/client-context';
import { DraftIndicator } from '../draft/DraftIndicator';
import { DraftOffer } from '../draft/DraftOffer';
import { useDraftKeeper } from '../draft/use-draft-keeper';
import { QueuePanel } from '../queue/QueuePanel';
import { gpuChoiceOf, gpuRequestOf, type GpuChoice } from '../queue/queue-model';
import { EditorStoreContext, useEditorSelector } from '../state/use-editor';
import type { EditorStore } from '../state/editor-store';
import { ProblemList, ProblemSummary } from '../validation/ProblemLinks';
import { problemsOf } from '../validation/problem-model';
import { useLiveValidation } from '../validation/use-live-validation';
import { DatasetPanel } from '../dataset';
import { FilesPreview, originText, UnknownKeysPanel, type OpenInOtherTrainer } from '../files';
import { EditorForm, FieldSearch, scrollToField, SectionIndex } from '../form';
import { EditorToolbar } from './EditorToolbar';
import classes from './editor-page.module.css';

/** Goes to a field: the family picker is the page's, every other path is the form's. */
function goToField(path: string): void {
  if (path === 'family') {
    document.getElementById('editor-family')?.focus();
    return;
  }
  void scrollToField(path);
}

function OriginLine(): ReactNode {
  const origin = useEditorSelector((state) => state.origin);
  return (
    <Text size="sm" c="dimmed" data-testid="editor-origin" style={{ whiteSpace: 'nowrap' }}>
      {originText(origin)}
    </Text>
  );
}

function SideTabs({
  onQueued,
  gpus,
}: {
  onQueued: (job: Job) => void;
  gpus: { choice: GpuChoice; onChange: (next: GpuChoice) => void };
}): ReactNode {
  const errorCount = useEditorSelector((state) => problemsOf(state).errors.length);
  const [tab, setTab] = useState<string | null>('problems');
  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false} className={classes.side}>
      <Tabs.List>
        <Tabs.Tab value="problems">Problems{errorCount > 0 ? ` (${errorCount})` : ''}</Tabs.Tab>
        <Tabs.Tab value="files">Files</Tabs.Tab>
        <Tabs.Tab value="queue">Queue</Tabs.Tab>
      </Tabs.List>
      <div className={classes.sidePanel}>
        <Tabs.Panel value="problems">
          <ProblemList goTo={goToField} />
        </Tabs.Panel>
        <Tabs.Panel value="files">
          <Stack gap="md">
            <UnknownKeysPanel />
            <FilesPreview />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="queue">
          <QueuePanel goTo={goToField} onQueued={onQueued} gpus={gpus.choice} onGpus={gpus.onChange} />
        </Tabs.Panel>
      </div>
    </Tabs>
  );
}

export interface EditorPageProps {
  store: EditorStore;
  job?: Job | undefined;
  notice?: string | undefined;
  /** The draft found when the editor opened, until restored or discarded. */
  draft: Draft | null;
  onDraftDone: () => void;
  onTrainer: (trainer: TrainerKind) => void;
  onOtherTrainer: OpenInOtherTrainer;
}

export function EditorPage(props: EditorPageProps): ReactNode {
  const { store, job, notice, draft, onDraftDone, onTrainer, onOtherTrainer } = props;
  const client = useClient();
  const navigate = useNavigate();
  const origin = store.getState().origin;
  useLiveValidation(store, origin.kind === 'job' && origin.mode === 'edit' ? origin.jobId : undefined);
  const keeper = useDraftKeeper(store);
  const [gpuChoice, setGpuChoice] = useState<GpuChoice>(() => gpuChoiceOf(job?.gpus ?? { count: 1 }));
  const onQueued = (queued: Job): void => {
    keeper.discard();
    void navigate({ to: '/jobs/$jobId', params: { jobId: queued.id } });
  };
  const restore: OpenInOtherTrainer = (config, from) => {
    onDraftDone();
    if (config.trainer === store.schema.trainer) {
      store.dispatch({ type: 'replace', config });
      store.setOrigin(from);
    } else {
      onOtherTrainer(config, from);
    }
  };
  const discardDraft = (): void => {
    onDraftDone();
    void client.request('drafts.discard', { slot: keeper.slot }).catch(() => undefined);
  };
  return (
    <EditorStoreContext.Provider value={store}>
      <div className={classes.page} data-testid="editor-page">
        <Stack gap={6}>
          <Group justify="space-between" wrap="nowrap" gap="md">
            <Group gap="sm" align="baseline" wrap="nowrap" miw={0}>
              <Title order={2}>Editor</Title>
              <OriginLine />
              <DraftIndicator status={keeper.status} />
            </Group>
            <ProblemSummary goTo={goToField} />
          </Group>
          {notice && (
            <Alert color="yellow" variant="light" p="xs" data-testid="editor-notice">
              {notice}
            </Alert>
          )}
          {draft && <DraftOffer draft={draft} onRestore={restore} onDiscard={discardDraft} />}
          <EditorToolbar onTrainer={onTrainer} onOtherTrainer={onOtherTrainer} />
        </Stack>
        <div className={classes.body}>
          <div className={classes.index}>
            <FieldSearch />
            <SectionIndex />
          </div>
          <div className={classes.form} data-testid="editor-form-scroller">
            <EditorForm sectionExtras={{ dataset: <DatasetPanel gpus={gpuRequestOf(gpuChoice).count} /> }} />
          </div>
          <SideTabs onQueued={onQueued} gpus={{ choice: gpuChoice, onChange: setGpuChoice }} />
        </div>
      </div>
    </EditorStoreContext.Provider>
  );
}
