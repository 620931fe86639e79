import { lazy, Suspense, useEffect, useState } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { HashRouter, Navigate, Route, Routes, useNavigate } from 'react-router-dom';
import { call, callKey, onLocked, useCall } from './api';
import { theme } from './theme';
import { AppShell } from './shell/AppShell';
import { NAV_ITEMS } from './shell/nav';
import { FullPageError, FullPageLoading } from './components/FullPage';
import { LockScreen } from './pages/lock/LockScreen';

// Shown once in a station's life: kept out of the first screen's bundle.
const SetupWizard = lazy(() => import('./pages/setup/SetupWizard').then((m) => ({ default: m.SetupWizard })));
// A board alone at its true size, for printing and the PDF makers (no navigation around it).
const PrintBoardPage = lazy(() =>
  import('./pages/notices/PrintBoardPage').then((m) => ({ default: m.PrintBoardPage })),
);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Everything is local: no point retrying a refusal, and no refetch on every focus.
      retry: false,
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

/**
 * Starts the first screen's reads before React renders: they then run while the bundle is
 * still being evaluated instead of after the first render (first screen budget: < 1.5 s).
 */
export function prefetchFirstScreen(): void {
  for (const name of ['station.get', 'auth.status', 'home.summary'] as const) {
    void queryClient.prefetchQuery({ queryKey: callKey(name, {}), queryFn: () => call(name, {}) });
  }
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <HashRouter>
            <StationGate />
          </HashRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}

/** Before the station is set up, only the first-run wizard is shown. */
function StationGate() {
  const status = useCall('station.get', {});
  // The lock screen (auth.status): kept until a call changes it; any LOCKED answer reloads it.
  const session = useCall('auth.status', {}, { staleTime: Infinity });
  useEffect(
    () => onLocked(() => void queryClient.invalidateQueries({ queryKey: callKey('auth.status', {}) })),
    [],
  );
  const navigate = useNavigate();
  // Once shown, the wizard stays up after saving (to show the new signing key) until the
  // clerk leaves it, even though station.get already answers setUp = true by then.
  const [inWizard, setInWizard] = useState(false);
  if (status.data && !status.data.setUp && !inWizard) setInWizard(true);

  if (status.isPending || session.isPending) return <FullPageLoading />;
  if (status.isError) return <FullPageError error={status.error} onRetry={() => void status.refetch()} />;
  if (session.isError) return <FullPageError error={session.error} onRetry={() => void session.refetch()} />;
  if (session.data.locked) return <LockScreen station={status.data.station} session={session.data} />;

  if (inWizard || !status.data.setUp) {
    return (
      <Suspense fallback={<FullPageLoading />}>
        <SetupWizard
          onFinish={() => {
            setInWizard(false);
            void navigate('/', { replace: true });
          }}
        />
      </Suspense>
    );
  }

  return (
    <Routes>
      <Route
        path="/print/board"
        element={
          <Suspense fallback={null}>
            <PrintBoardPage />
          </Suspense>
        }
      />
      <Route element={<AppShell station={status.data.station} />}>
        {NAV_ITEMS.map((item) => (
          <Route key={item.path} path={item.path === '/' ? '/' : `${item.path}/*`} element={item.element} />
        ))}
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}
