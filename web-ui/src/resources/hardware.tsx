import { lazyPage } from '../components/lazy-page';
import type { ResourceBody } from './types';

/** E1 cards and spans: a page of its own (GET /hardware is a detection, not a list). */
export const hardware: ResourceBody = {
  api: '/hardware',
  paging: 'client',
  columns: () => [],
  page: lazyPage(() => import('../callcenter/hardware-page').then((m) => m.HardwarePage)),
};
