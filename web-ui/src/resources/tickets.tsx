import { lazyPage } from '../components/lazy-page';
import type { ResourceBody } from './types';

/** 工单: a page of its own (list, drawer, settings); every role works tickets, the API limits agents to theirs. */
export const tickets: ResourceBody = {
  api: '/tickets',
  paging: 'server',
  columns: () => [],
  page: lazyPage(() => import('../tickets/tickets-page').then((m) => m.TicketsPage)),
};
