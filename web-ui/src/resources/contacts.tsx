import { ContactsPage } from '../contacts/contacts-page';
import type { ResourceDef } from './types';

/** 联系人名单: lists, do-not-call numbers and consents; supervisors and admins only (agents: none, as the API decides). */
export const contacts: ResourceDef = {
  key: 'contacts',
  group: 'crm',
  readRoles: ['admin', 'supervisor'],
  writeRoles: ['admin', 'supervisor'],
  api: '/contacts/lists',
  paging: 'server',
  columns: () => [],
  page: ContactsPage,
};
