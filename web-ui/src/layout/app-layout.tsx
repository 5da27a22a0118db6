import {
  ApiOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  DesktopOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  UserOutlined,
} from '@ant-design/icons';
import {
  App,
  Avatar,
  Breadcrumb,
  Button,
  Dropdown,
  Layout,
  Menu,
  type MenuProps,
  Modal,
  Space,
  theme,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { PasswordForm } from '../auth/password-form';
import { useSession } from '../auth/session';
import { GROUPS, RESOURCES } from '../resources';
import { canRead } from '../resources/types';
import { LanguageSwitch } from './language-switch';
import { Logo } from './logo';

const { Header, Sider, Content, Footer } = Layout;

/** Sider + header shell of every console page; the menu is built from the resource registry. */
export function AppLayout() {
  const { t } = useTranslation();
  const { user, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const { message } = App.useApp();
  const { token } = theme.useToken();

  const items: MenuProps['items'] = useMemo(
    () => [
      ...(user?.role === 'agent'
        ? [{ key: '/desk', icon: <CustomerServiceOutlined />, label: t('nav.desk') }]
        : [
            { key: '/', icon: <DashboardOutlined />, label: t('nav.dashboard') },
            { key: '/desk', icon: <CustomerServiceOutlined />, label: t('nav.desk') },
          ]),
      ...GROUPS.map((g) => ({
        key: `group:${g.key}`,
        icon: g.icon,
        label: t(`nav.group.${g.key}`),
        children: RESOURCES.filter((r) => r.group === g.key && canRead(r, user?.role)).map((r) => ({
          key: `/${r.key}`,
          label: t(`${r.key}.title`),
        })),
      })).filter((g) => g.children.length > 0),
      ...(user?.role === 'agent'
        ? []
        : [{ key: '/system', icon: <DesktopOutlined />, label: t('nav.system') }]),
      ...(user?.role === 'admin'
        ? [{ key: '/api', icon: <ApiOutlined />, label: t('nav.apiReference') }]
        : []),
    ],
    [t, user?.role],
  );

  const selected = `/${location.pathname.split('/')[1] ?? ''}`;
  const current = RESOURCES.find((r) => `/${r.key}` === selected);
  const pageTitle =
    selected === '/'
      ? t('nav.dashboard')
      : selected === '/system'
        ? t('nav.system')
        : selected === '/api'
          ? t('nav.apiReference')
          : selected === '/desk'
            ? t('nav.desk')
            : current
              ? t(`${current.key}.title`)
              : '';
  const openGroup = current ? [`group:${current.group}`] : [];

  return (
    // The dark background runs under the sider to the bottom of a long page.
    <Layout style={{ minHeight: '100vh', background: '#001529' }}>
      <Sider
        collapsible
        collapsed={collapsed}
        trigger={null}
        width={220}
        theme="dark"
        style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
      >
        <Logo collapsed={collapsed} />
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          defaultOpenKeys={openGroup}
          items={items}
          onClick={({ key }) => navigate(key)}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: token.colorBgContainer,
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            position: 'sticky',
            top: 0,
            zIndex: 10,
          }}
        >
          <Button
            type="text"
            aria-label={t('layout.toggleMenu')}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed(!collapsed)}
          />
          <Breadcrumb items={[{ title: t('app.name') }, ...(pageTitle ? [{ title: pageTitle }] : [])]} />
          <Space style={{ marginLeft: 'auto' }}>
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'role', label: t(`users.role.${user?.role ?? 'agent'}`), disabled: true },
                  { type: 'divider' },
                  { key: 'password', icon: <KeyOutlined />, label: t('password.menu') },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('layout.logout') },
                ],
                onClick: ({ key }) => {
                  if (key === 'logout') void logout().then(() => navigate('/login'));
                  if (key === 'password') setChangingPassword(true);
                },
              }}
            >
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
                <span>{user?.displayName || user?.username}</span>
              </Space>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 16 }}>
          <Outlet />
        </Content>
        <Modal
          open={changingPassword}
          title={t('password.menu')}
          footer={null}
          destroyOnHidden
          onCancel={() => setChangingPassword(false)}
          width={400}
        >
          <PasswordForm
            onDone={() => {
              setChangingPassword(false);
              message.success(t('password.changed'));
            }}
          />
        </Modal>
        <Footer style={{ textAlign: 'center', color: token.colorTextSecondary, padding: '12px 0' }}>
          {t('app.footer')}
        </Footer>
      </Layout>
    </Layout>
  );
}
