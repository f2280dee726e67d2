/**
 * The routes. Hash history (`#/queue`, `#/jobs/<id>`): the desktop app loads from app://dpgui/ and the
 * browser from `dpgui serve`'s one page, and a path in the fragment needs no server route in either,
 * so links, reloads and back/forward behave the same in both. Each view is its own chunk (lazy).
 */
import { Center, Loader } from '@mantine/core';
import {
  createHashHistory,
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from '@tanstack/react-router';
import { AppFrame } from './AppFrame';
import { NotFound } from './NotFound';
import { validateQueueSearch } from '../views/queue/queue-search';
import { validateJobSearch } from '../views/job/job-tabs';
import { validateCompareSearch } from '../views/compare/compare-search';
import { validateEditorSearch } from '../views/editor/page/editor-search';
import { validateDatasetsSearch } from '../views/datasets/datasets-search';
import { FirstStartPage, JobPage, SettingsPage } from './route-pages';

const QueueView = lazyRouteComponent(() => import('../views/QueueView'), 'QueueView');
const EditorView = lazyRouteComponent(() => import('../views/editor/EditorView'), 'EditorView');
const DatasetsView = lazyRouteComponent(() => import('../views/datasets/DatasetsView'), 'DatasetsView');
const GpusView = lazyRouteComponent(() => import('../views/gpus/GpusView'), 'GpusView');
const CompareView = lazyRouteComponent(() => import('../views/compare/CompareView'), 'CompareView');

function Pending() {
  return (
    <Center p="xl">
      <Loader size="sm" aria-label="Loading the view" />
    </Center>
  );
}

const rootRoute = createRootRoute({ component: AppFrame, notFoundComponent: NotFound });

const child = <P extends string>(path: P) => ({ getParentRoute: () => rootRoute, path });

const routeTree = rootRoute.addChildren([
  createRoute({
    ...child('/'),
    beforeLoad: (): never => {
      // Replace, not push: Back from the queue must not land on "/" and bounce forward again.
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's documented redirect
      throw redirect({ to: '/queue', replace: true });
    },
  }),
  createRoute({ ...child('/queue'), component: QueueView, validateSearch: validateQueueSearch }),
  createRoute({ ...child('/editor'), component: EditorView, validateSearch: validateEditorSearch }),
  createRoute({ ...child('/datasets'), component: DatasetsView, validateSearch: validateDatasetsSearch }),
  createRoute({ ...child('/gpus'), component: GpusView }),
  createRoute({ ...child('/settings'), component: SettingsPage }),
  createRoute({ ...child('/setup'), component: FirstStartPage }),
  createRoute({ ...child('/jobs/$jobId'), component: JobPage, validateSearch: validateJobSearch }),
  createRoute({ ...child('/compare'), component: CompareView, validateSearch: validateCompareSearch }),
]);

export function createAppRouter() {
  return createRouter({
    routeTree,
    history: createHashHistory(),
    // Hovering or focusing a link loads its view's chunk before the click.
    defaultPreload: 'intent',
    defaultPendingComponent: Pending,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
