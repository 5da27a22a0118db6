import { lazyPage } from '../components/lazy-page';
import type { ResourceBody } from './types';

/** 联系人名单: lists, do-not-call numbers and consents; supervisors and admins only (agents: none, as the API decides). */
export const contacts: ResourceBody = {
  api: '/contacts/lists',
  paging: 'server',
  columns: () => [],
  page: lazyPage(() => import('../contacts/contacts-page').then((m) => m.ContactsPage)),
};
