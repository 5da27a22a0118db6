import { App as AntApp, ConfigProvider, Spin, theme } from 'antd';
import antEnUS from 'antd/locale/en_US';
import antZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession } from './auth/session';
import { lazyPage, resourcePage } from './components/lazy-page';
import { AppLayout } from './layout/app-layout';
import { ChangePasswordPage } from './pages/change-password';
import { LoginPage } from './pages/login';
import { RESOURCES } from './resources';
import { canRead, type ResourceMenu } from './resources/types';

// Every page is a chunk of its own, fetched on first visit (components/lazy-page.tsx).
const DashboardPage = lazyPage(() => import('./pages/dashboard').then((m) => m.DashboardPage));
const DeskPage = lazyPage(() => import('./desk/desk-page').then((m) => m.DeskPage));
const SystemPage = lazyPage(() => import('./pages/system').then((m) => m.SystemPage));
const ApiReferencePage = lazyPage(() => import('./pages/api-reference').then((m) => m.ApiReferencePage));
const SetupPage = lazyPage(() => import('./setup/setup-page').then((m) => m.SetupPage));
const TicketCreatePage = lazyPage(() => import('./tickets/ticket-create').then((m) => m.TicketCreatePage));
// antd's Result carries its pictures: only a 403 or 404 fetches them
const NotFoundPage = lazyPage(() => import('./pages/not-found').then((m) => m.NotFoundPage));
const ForbiddenPage = lazyPage(() => import('./pages/not-found').then((m) => m.ForbiddenPage));
const RESOURCE_PAGES = RESOURCES.map((r) => ({ r, Page: resourcePage(r) }));

function RequireLogin({ children }: { children: React.ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Spin fullscreen />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (user.mustChangePassword) return <ChangePasswordPage />;
  return <>{children}</>;
}

/** A page the user's role may not read says so instead of a table of 403 toasts. */
function Allowed({ def, children }: { def: ResourceMenu; children: React.ReactNode }) {
  const { user } = useSession();
  if (!canRead(def, user?.role)) return <ForbiddenPage />;
  return <>{children}</>;
}

/** Pages only an admin has: others see the 403 page. */
function AdminOnly({ children }: { children: React.ReactNode }) {
  const { user } = useSession();
  return user?.role === 'admin' ? <>{children}</> : <ForbiddenPage />;
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
        <Route
          path="setup"
          element={
            <AdminOnly>
              <SetupPage />
            </AdminOnly>
          }
        />
        <Route path="tickets/new" element={<TicketCreatePage />} />
        {RESOURCE_PAGES.map(({ r, Page }) => (
          <Route
            key={r.key}
            path={r.key}
            element={
              <Allowed def={r}>
                <Page />
              </Allowed>
            }
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
