import {
  ApiOutlined,
  BranchesOutlined,
  ContactsOutlined,
  CustomerServiceOutlined,
  FileSearchOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { phone } from '../phone/phone-page';
import { agents } from './agents';
import { announcements } from './announcements';
import { audit } from './audit';
import { calls } from './calls';
import { cdrs } from './cdrs';
import { contacts } from './contacts';
import { customers } from './customers';
import { hardware } from './hardware';
import { inboundRoutes } from './inbound-routes';
import { ivrs } from './ivrs';
import { kb } from './kb';
import { mail, mailOutbox } from './mail';
import { outboundRoutes } from './outbound-routes';
import { prompts } from './prompts';
import { qa } from './qa';
import { queues } from './queues';
import { reports } from './reports';
import { schedules } from './schedules';
import { seats } from './seats';
import { staffing } from './staffing';
import { tickets } from './tickets';
import { trunks } from './trunks';
import type { GroupKey, ResourceDef } from './types';
import { users } from './users';
import { voicemail } from './voicemail';

/** Menu groups, in sider order. */
export const GROUPS: { key: GroupKey; icon: ReactNode }[] = [
  { key: 'callcenter', icon: <CustomerServiceOutlined /> },
  { key: 'people', icon: <TeamOutlined /> },
  { key: 'routing', icon: <BranchesOutlined /> },
  { key: 'lines', icon: <ApiOutlined /> },
  { key: 'crm', icon: <ContactsOutlined /> },
  { key: 'records', icon: <FileSearchOutlined /> },
];

/** Every resource page; a new one (queues, IVRs, spans) is one file and one line here. */
export const RESOURCES: ResourceDef[] = [
  queues,
  agents,
  ivrs,
  calls,
  reports,
  staffing,
  qa,
  kb,
  phone,
  seats,
  users,
  inboundRoutes,
  outboundRoutes,
  schedules,
  announcements,
  prompts,
  trunks,
  hardware,
  customers,
  contacts,
  tickets,
  mail,
  cdrs,
  voicemail,
  mailOutbox,
  audit,
];
