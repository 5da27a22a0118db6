import { ReportsPage } from '../reports/reports-page';
import type { ResourceDef } from './types';

/** 报表: supervisors and admins, read only (figures from the rollups). */
export const reports: ResourceDef = {
  key: 'reports',
  group: 'callcenter',
  readRoles: ['admin', 'supervisor'],
  writeRoles: [],
  api: '/reports/queues',
  paging: 'server',
  columns: () => [],
  page: ReportsPage,
};
