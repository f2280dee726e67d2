import { describe, expect, it } from 'vitest';
import type { JobAbilities, JobSummary } from '../../../../shared/contract';
import { actionAbility, cancelNeedsConfirmation, holdOrRelease } from './job-actions';

const no = (reason: string) => ({ allowed: false, reason });
const yes = { allowed: true, reason: null };

const job = (status: JobSummary['status'], abilities: Partial<JobAbilities> = {}): JobSummary =>
  ({
    id: 'j',
    status,
    abilities: {
      saveNow: yes,
      stopAndSave: yes,
      cancel: yes,
      hold: yes,
      release: yes,
      edit: yes,
      reorder: yes,
      retry: yes,
      resume: yes,
      delete: yes,
      ...abilities,
    },
  }) as JobSummary;

describe('a row action', () => {
  it("is allowed or refused with the host's reason, moves by the reorder ability", () => {
    const refused = job('running', { reorder: no('A started job keeps its place.') });
    expect(actionAbility(refused, 'moveTop')).toEqual(no('A started job keeps its place.'));
    expect(actionAbility(refused, 'cancel')).toEqual(yes);
  });

  it('confirms a cancel only for a started job', () => {
    expect(cancelNeedsConfirmation(job('running'))).toBe(true);
    expect(cancelNeedsConfirmation(job('starting'))).toBe(true);
    expect(cancelNeedsConfirmation(job('queued'))).toBe(false);
    expect(cancelNeedsConfirmation(job('held'))).toBe(false);
  });

  it('offers release for a held job and hold otherwise', () => {
    expect(holdOrRelease(job('held'))).toBe('release');
    expect(holdOrRelease(job('queued'))).toBe('hold');
  });
});
