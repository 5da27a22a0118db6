import { lazyPage } from '../components/lazy-page';
import type { ResourceBody } from './types';

/** 报表: supervisors and admins, read only (figures from the rollups). */
export const reports: ResourceBody = {
  api: '/reports/queues',
  paging: 'server',
  columns: () => [],
  page: lazyPage(() => import('../reports/reports-page').then((m) => m.ReportsPage)),
};
