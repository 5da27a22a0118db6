import { type Destination, DestinationPicker, describeDestination } from '../components/destination-picker';
import { byText, formatTime } from '../components/format';
import { PromptSelect } from '../components/prompt-select';
import type { ResourceBody } from './types';

interface Announcement {
  id: number;
  name: string;
  promptId: number;
  then: Destination;
  updatedAt: string;
}

export const announcements: ResourceBody<Announcement> = {
  api: '/announcements',
  paging: 'client',
  searchText: (a) => [a.name],
  columns: ({ t }) => [
    { title: t('announcements.name'), dataIndex: 'name', sorter: byText((r) => r.name) },
    { title: t('announcements.prompt'), dataIndex: 'promptId', render: (id: number) => `#${id}` },
    { title: t('announcements.then'), dataIndex: 'then', render: (d) => describeDestination(d, t) },
    { title: t('common.updatedAt'), dataIndex: 'updatedAt', render: formatTime },
  ],
  form: {
    // biome-ignore lint/suspicious/noThenProperty: the announcements API's `then` (where the call goes next), a plain field
    initialValues: { then: { type: 'hangup' } },
    fields: ({ t }) => [
      { name: 'name', label: t('announcements.name'), required: true },
      { name: 'promptId', label: t('announcements.prompt'), required: true, input: <PromptSelect /> },
      { name: 'then', label: t('announcements.then'), input: <DestinationPicker /> },
    ],
    // biome-ignore lint/suspicious/noThenProperty: the announcements API's `then` (where the call goes next), a plain field
    toBody: (v) => ({ name: v.name, promptId: v.promptId, then: v.then }),
  },
};
