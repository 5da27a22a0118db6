import { lazyPage } from '../components/lazy-page';
import type { ResourceBody } from './types';

/** 质检评分: supervisors and admins write forms and grade calls; agents see their own scores. */
export const qa: ResourceBody = {
  api: '/qa/grades',
  paging: 'server',
  columns: () => [],
  page: lazyPage(() => import('../qa/qa-page').then((m) => m.QaPage)),
};
