// The page of test/msw/service-worker.test.ts: MSW's worker with understudy's GroundWork handlers,
// as a front end's dev setup would start it. The test drives the flow from this page with fetch.
import { setupWorker } from 'msw/browser';
import { createHandlers } from '../../../src/msw/index.js';

const page = globalThis as unknown as { ready?: boolean; failed?: string; journal?: () => unknown[] };
const { handlers, mock } = createHandlers({ vendors: ['groundwork'] });
page.journal = () => mock.journal.list();
setupWorker(...handlers)
  .start({ serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true })
  .then(
    () => {
      page.ready = true;
    },
    (error: unknown) => {
      page.failed = String(error);
    },
  );
