/** drafts.*: thin handlers over the drafts store. */
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import type { DraftsStore } from './drafts-store';

export function createDraftsHandlers(store: DraftsStore) {
  return {
    'drafts.list': (): ResponseOf<'drafts.list'> => store.list(),
    'drafts.get': ({ slot }: RequestOf<'drafts.get'>): ResponseOf<'drafts.get'> => ({
      draft: store.get(slot),
    }),
    'drafts.save': (request: RequestOf<'drafts.save'>): ResponseOf<'drafts.save'> => store.save(request),
    'drafts.discard': ({ slot }: RequestOf<'drafts.discard'>): ResponseOf<'drafts.discard'> => ({
      discarded: store.discard(slot),
    }),
  };
}
