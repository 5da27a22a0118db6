import { App as AntApp, ConfigProvider, Result, Spin, theme } from 'antd';
import antEnUS from 'antd/locale/en_US';
import antZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession } from './auth/session';
import { ResourcePage } from './components/resource-page';
import { DeskPage } from './desk/desk-page';
import { AppLayout } from './layout/app-layout';
import { ApiReferencePage } from './pages/api-reference';
import { DashboardPage } from './pages/dashboard';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { SystemPage } from './pages/system';
import { RESOURCES } from './resources';
import { canRead, type ResourceDef } from './resources/types';
import { TicketCreatePage } from './tickets/ticket-create';

function RequireLogin({ children }: { children: React.ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Spin fullscreen />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

/** A page the user's role may not read says so instead of a table of 403 toasts. */
function Allowed({ def, children }: { def: ResourceDef; children: React.ReactNode }) {
  const { user } = useSession();
  const { t } = useTranslation();
  if (!canRead(def, user?.role)) return <Result status="403" title="403" subTitle={t('errors.forbidden')} />;
  return <>{children}</>;
}

/** The agent's home page is their desk; everyone else's the dashboard. */
function Home() {
  const { user } = useSession();
  return user?.role === 'agent' ? <Navigate to="/desk" replace /> : <DashboardPage />;
}

function ConsoleRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireLogin>
            <AppLayout />
          </RequireLogin>
        }
      >
        <Route index element={<Home />} />
        <Route path="desk" element={<DeskPage />} />
        <Route path="system" element={<SystemPage />} />
        <Route path="api" element={<ApiReferencePage />} />
        <Route path="tickets/new" element={<TicketCreatePage />} />
        {RESOURCES.map((r) => (
          <Route
            key={r.key}
            path={r.key}
            element={<Allowed def={r}>{r.page ? <r.page def={r} /> : <ResourcePage def={r} />}</Allowed>}
          />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en-US';
  useEffect(() => {
    dayjs.locale(en ? 'en' : 'zh-cn');
  }, [en]);
  return (
    <ConfigProvider
      locale={en ? antEnUS : antZhCN}
      theme={{ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#1677ff', borderRadius: 6 } }}
    >
      <AntApp>
        <SessionProvider>
          <BrowserRouter basename="/console">
            <ConsoleRoutes />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
