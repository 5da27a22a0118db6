import {
  ApiOutlined,
  BranchesOutlined,
  ContactsOutlined,
  CustomerServiceOutlined,
  FileSearchOutlined,
  NotificationOutlined,
  SafetyOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { GroupKey, ResourceEntry } from './types';

/** Menu groups, in sider order. */
export const GROUPS: { key: GroupKey; icon: ReactNode }[] = [
  { key: 'callcenter', icon: <CustomerServiceOutlined /> },
  { key: 'outreach', icon: <NotificationOutlined /> },
  { key: 'people', icon: <TeamOutlined /> },
  { key: 'routing', icon: <BranchesOutlined /> },
  { key: 'lines', icon: <ApiOutlined /> },
  { key: 'crm', icon: <ContactsOutlined /> },
  { key: 'records', icon: <FileSearchOutlined /> },
  { key: 'system', icon: <SafetyOutlined /> },
];

/**
 * Every resource page, in menu order: its menu entry (key: route, i18n
 * namespace and menu item; group; who reads and writes it, default
 * admin+supervisor read, admin writes, as the API decides) and the import of
 * its file, which exports the rest (ResourceBody). A new page is one file and
 * one line here; the file is fetched on the page's first visit.
 */
export const RESOURCES: ResourceEntry[] = [
  { key: 'queues', group: 'callcenter', load: () => import('./queues').then((m) => m.queues) },
  { key: 'agents', group: 'callcenter', load: () => import('./agents').then((m) => m.agents) },
  { key: 'ivrs', group: 'callcenter', load: () => import('./ivrs').then((m) => m.ivrs) },
  {
    key: 'callbacks',
    group: 'callcenter',
    writeRoles: [],
    load: () => import('./callbacks').then((m) => m.callbacks),
  },
  {
    key: 'calls',
    group: 'callcenter',
    readRoles: ['admin', 'supervisor', 'agent'],
    load: () => import('./calls').then((m) => m.calls),
  },
  {
    key: 'reports',
    group: 'callcenter',
    readRoles: ['admin', 'supervisor'],
    writeRoles: [],
    load: () => import('./reports').then((m) => m.reports),
  },
  {
    key: 'staffing',
    group: 'callcenter',
    readRoles: ['admin', 'supervisor'],
    writeRoles: [],
    load: () => import('./staffing').then((m) => m.staffing),
  },
  {
    key: 'qa',
    group: 'callcenter',
    readRoles: ['admin', 'supervisor', 'agent'],
    writeRoles: ['admin', 'supervisor'],
    load: () => import('./qa').then((m) => m.qa),
  },
  {
    key: 'kb',
    group: 'callcenter',
    readRoles: ['admin', 'supervisor', 'agent'],
    writeRoles: ['admin', 'supervisor'],
    load: () => import('./kb').then((m) => m.kb),
  },
  {
    key: 'phone',
    group: 'callcenter',
    readRoles: ['agent', 'supervisor'],
    writeRoles: [],
    load: () => import('../phone/phone-page').then((m) => m.phone),
  },
  {
    key: 'campaigns',
    group: 'outreach',
    load: () => import('./campaigns').then((m) => m.campaigns),
  },
  {
    key: 'notify-rules',
    group: 'outreach',
    load: () => import('./notify').then((m) => m.notifyRules),
  },
  {
    key: 'notify-integrations',
    group: 'outreach',
    readRoles: ['admin'],
    load: () => import('./notify').then((m) => m.notifyIntegrations),
  },
  {
    key: 'notify-results',
    group: 'outreach',
    writeRoles: [],
    load: () => import('./notify').then((m) => m.notifyResults),
  },
  { key: 'seats', group: 'people', load: () => import('./seats').then((m) => m.seats) },
  { key: 'users', group: 'people', readRoles: ['admin'], load: () => import('./users').then((m) => m.users) },
  {
    key: 'inbound-routes',
    group: 'routing',
    load: () => import('./inbound-routes').then((m) => m.inboundRoutes),
  },
  {
    key: 'outbound-routes',
    group: 'routing',
    load: () => import('./outbound-routes').then((m) => m.outboundRoutes),
  },
  { key: 'schedules', group: 'routing', load: () => import('./schedules').then((m) => m.schedules) },
  {
    key: 'announcements',
    group: 'routing',
    load: () => import('./announcements').then((m) => m.announcements),
  },
  { key: 'prompts', group: 'routing', load: () => import('./prompts').then((m) => m.prompts) },
  { key: 'trunks', group: 'lines', load: () => import('./trunks').then((m) => m.trunks) },
  { key: 'hardware', group: 'lines', load: () => import('./hardware').then((m) => m.hardware) },
  {
    key: 'customers',
    group: 'crm',
    readRoles: ['admin', 'supervisor', 'agent'],
    writeRoles: ['admin', 'supervisor'],
    load: () => import('./customers').then((m) => m.customers),
  },
  {
    key: 'contacts',
    group: 'crm',
    readRoles: ['admin', 'supervisor'],
    writeRoles: ['admin', 'supervisor'],
    load: () => import('./contacts').then((m) => m.contacts),
  },
  {
    key: 'tickets',
    group: 'crm',
    readRoles: ['admin', 'supervisor', 'agent'],
    writeRoles: ['admin', 'supervisor', 'agent'],
    load: () => import('./tickets').then((m) => m.tickets),
  },
  {
    key: 'mail',
    group: 'crm',
    readRoles: ['admin'],
    writeRoles: ['admin'],
    load: () => import('./mail').then((m) => m.mail),
  },
  { key: 'cdrs', group: 'records', load: () => import('./cdrs').then((m) => m.cdrs) },
  {
    key: 'voicemail',
    group: 'records',
    readRoles: ['admin', 'supervisor', 'agent'],
    writeRoles: ['admin', 'supervisor', 'agent'],
    load: () => import('./voicemail').then((m) => m.voicemail),
  },
  {
    key: 'mail-outbox',
    group: 'records',
    readRoles: ['admin'],
    writeRoles: [],
    load: () => import('./mail').then((m) => m.mailOutbox),
  },
  { key: 'audit', group: 'records', load: () => import('./audit').then((m) => m.audit) },
  { key: 'guard', group: 'system', load: () => import('./guard').then((m) => m.guard) },
];
