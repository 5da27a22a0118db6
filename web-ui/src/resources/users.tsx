import { Input, Select, Tag } from 'antd';
import { byText, timeColumn } from '../components/format';
import { useNamedOptions } from '../components/use-options';
import type { ResourceBody } from './types';

interface User {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'agent';
  disabled: boolean;
  seatExtension: string | null;
  email: string | null;
  supervisedQueueIds: number[];
  lastLoginAt?: string | null;
  createdAt: string;
}

/** The queues a supervisor supervises, picked by name. */
function SupervisedQueues(props: { value?: number[]; onChange?: (v: number[]) => void }) {
  const queues = useNamedOptions('/queues');
  return (
    <Select
      mode="multiple"
      allowClear
      options={queues.options}
      loading={queues.loading}
      optionFilterProp="label"
      data-testid="supervised-queues"
      {...props}
    />
  );
}

const ROLES = ['admin', 'supervisor', 'agent'] as const;
const ROLE_COLOR = { admin: 'red', supervisor: 'blue', agent: 'default' } as const;

export const users: ResourceBody<User> = {
  api: '/users',
  paging: 'client',
  maxRows: 200,
  searchText: (u) => [u.username, u.displayName, u.seatExtension ?? ''],
  columns: ({ t }) => [
    { title: t('users.username'), dataIndex: 'username', sorter: byText((r) => r.username) },
    { title: t('users.displayName'), dataIndex: 'displayName', sorter: byText((r) => r.displayName) },
    {
      title: t('users.roleLabel'),
      dataIndex: 'role',
      filters: ROLES.map((r) => ({ text: t(`users.role.${r}`), value: r })),
      onFilter: (v, r) => r.role === v,
      render: (r: User['role']) => <Tag color={ROLE_COLOR[r]}>{t(`users.role.${r}`)}</Tag>,
    },
    { title: t('users.seatExtension'), dataIndex: 'seatExtension', render: (v) => v ?? '—' },
    {
      title: t('common.status'),
      dataIndex: 'disabled',
      render: (d: boolean) =>
        d ? <Tag>{t('common.disabled')}</Tag> : <Tag color="green">{t('common.enabled')}</Tag>,
    },
    timeColumn(t('common.createdAt'), 'createdAt'),
  ],
  form: {
    initialValues: { role: 'agent', mustChangePassword: true },
    fields: ({ t, editing }) => [
      {
        name: 'username',
        label: t('users.username'),
        required: true,
        input: <Input disabled={!!editing} autoComplete="off" />,
      },
      { name: 'displayName', label: t('users.displayName') },
      {
        name: 'role',
        label: t('users.roleLabel'),
        input: <Select options={ROLES.map((r) => ({ value: r, label: t(`users.role.${r}`) }))} />,
      },
      {
        name: 'password',
        label: t('users.password'),
        extra: editing ? t('users.passwordKeep') : t('users.passwordHelp'),
        required: !editing,
        input: <Input.Password autoComplete="new-password" />,
      },
      {
        name: 'mustChangePassword',
        label: t('users.mustChangePassword'),
        extra: t('users.mustChangePasswordHelp'),
        switch: true,
      },
      !!editing && {
        name: 'seatExtension',
        label: t('users.seatExtension'),
        input: <Input allowClear placeholder="1001" />,
      },
      !!editing && {
        name: 'email',
        label: t('users.email'),
        extra: t('users.emailHelp'),
        input: <Input allowClear type="email" placeholder="name@example.com" autoComplete="off" />,
      },
      !!editing && {
        name: 'supervisedQueueIds',
        label: t('users.supervisedQueues'),
        extra: t('users.supervisedQueuesHelp'),
        input: <SupervisedQueues />,
      },
      !!editing && { name: 'disabled', label: t('users.disabled'), switch: true },
    ],
    toValues: (u) => ({ ...u, password: undefined }),
    toBody: (v, editing) =>
      editing
        ? {
            displayName: v.displayName ?? '',
            role: v.role,
            disabled: !!v.disabled,
            seatExtension: v.seatExtension ? v.seatExtension : null,
            email: v.email ? v.email : null,
            supervisedQueueIds: v.supervisedQueueIds ?? [],
            mustChangePassword: !!v.mustChangePassword,
            ...(v.password ? { password: v.password } : {}),
          }
        : {
            username: v.username,
            displayName: v.displayName ?? '',
            role: v.role,
            password: v.password,
            mustChangePassword: !!v.mustChangePassword,
          },
  },
};
