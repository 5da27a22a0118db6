import { lazyPage } from '../components/lazy-page';
import type { ResourceBody } from './types';

/** 排班预测: supervisors and admins, read only (it computes, it stores nothing). */
export const staffing: ResourceBody = {
  api: '/staffing/day',
  paging: 'server',
  columns: () => [],
  page: lazyPage(() => import('../staffing/staffing-page').then((m) => m.StaffingPage)),
};
