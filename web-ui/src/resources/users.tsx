import { Form, Input, Select, Switch, Tag } from 'antd';
import { byText, formatTime } from '../components/format';
import type { ResourceDef } from './types';

interface User {
  id: number;
  username: string;
  displayName: string;
  role: 'admin' | 'supervisor' | 'agent';
  disabled: boolean;
  seatExtension: string | null;
  lastLoginAt?: string | null;
  createdAt: string;
}

const ROLES = ['admin', 'supervisor', 'agent'] as const;
const ROLE_COLOR = { admin: 'red', supervisor: 'blue', agent: 'default' } as const;

export const users: ResourceDef<User> = {
  key: 'users',
  group: 'people',
  readRoles: ['admin'],
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
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      render: formatTime,
      sorter: byText((r) => r.createdAt),
    },
  ],
  form: {
    initialValues: { role: 'agent' },
    fields: ({ t, editing }) => (
      <>
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input disabled={!!editing} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('users.roleLabel')}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`users.role.${r}`) }))} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={editing ? t('users.passwordKeep') : t('users.passwordHelp')}
          rules={editing ? [] : [{ required: true, message: t('form.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {editing && (
          <>
            <Form.Item name="seatExtension" label={t('users.seatExtension')}>
              <Input allowClear placeholder="1001" />
            </Form.Item>
            <Form.Item name="disabled" label={t('users.disabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </>
        )}
      </>
    ),
    toValues: (u) => ({ ...u, password: undefined }),
    toBody: (v, editing) =>
      editing
        ? {
            displayName: v.displayName ?? '',
            role: v.role,
            disabled: !!v.disabled,
            seatExtension: v.seatExtension ? v.seatExtension : null,
            ...(v.password ? { password: v.password } : {}),
          }
        : { username: v.username, displayName: v.displayName ?? '', role: v.role, password: v.password },
  },
};
