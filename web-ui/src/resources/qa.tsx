import { QaPage } from '../qa/qa-page';
import type { ResourceDef } from './types';

/** 质检评分: supervisors and admins write forms and grade calls; agents see their own scores. */
export const qa: ResourceDef = {
  key: 'qa',
  group: 'callcenter',
  readRoles: ['admin', 'supervisor', 'agent'],
  writeRoles: ['admin', 'supervisor'],
  api: '/qa/grades',
  paging: 'server',
  columns: () => [],
  page: QaPage,
};
