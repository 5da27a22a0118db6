import { lazyPage } from '../components/lazy-page';
import type { ResourceBody } from './types';

/** 知识库: every role reads (agents published articles only, as the API decides); supervisors and admins write. */
export const kb: ResourceBody = {
  api: '/kb/articles',
  paging: 'server',
  columns: () => [],
  page: lazyPage(() => import('../kb/kb-page').then((m) => m.KbPage)),
};
