import { ApiOutlined, BranchesOutlined, ContactsOutlined, FileSearchOutlined, TeamOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { announcements } from './announcements';
import { audit } from './audit';
import { cdrs } from './cdrs';
import { customers } from './customers';
import { inboundRoutes } from './inbound-routes';
import { outboundRoutes } from './outbound-routes';
import { prompts } from './prompts';
import { schedules } from './schedules';
import { seats } from './seats';
import { trunks } from './trunks';
import type { GroupKey, ResourceDef } from './types';
import { users } from './users';
import { voicemail } from './voicemail';

/** Menu groups, in sider order. */
export const GROUPS: { key: GroupKey; icon: ReactNode }[] = [
  { key: 'people', icon: <TeamOutlined /> },
  { key: 'routing', icon: <BranchesOutlined /> },
  { key: 'lines', icon: <ApiOutlined /> },
  { key: 'crm', icon: <ContactsOutlined /> },
  { key: 'records', icon: <FileSearchOutlined /> },
];

/** Every resource page; a new one (queues, IVRs, spans) is one file and one line here. */
export const RESOURCES: ResourceDef[] = [
  seats,
  users,
  inboundRoutes,
  outboundRoutes,
  schedules,
  announcements,
  prompts,
  trunks,
  customers,
  cdrs,
  voicemail,
  audit,
];
