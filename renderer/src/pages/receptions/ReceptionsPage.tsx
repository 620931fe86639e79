import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { Route, Routes, useParams } from 'react-router-dom';
import { ReceptionListPage } from './ReceptionListPage';

const ReceptionFormPage = lazy(() =>
  import('./ReceptionFormPage').then((m) => ({ default: m.ReceptionFormPage })),
);
const ReceptionDetailPage = lazy(() =>
  import('./ReceptionDetailPage').then((m) => ({ default: m.ReceptionDetailPage })),
);
const LedgerPage = lazy(() => import('./LedgerPage').then((m) => ({ default: m.LedgerPage })));

function EditRoute() {
  const { id } = useParams();
  return <ReceptionFormPage key={id} id={id} />;
}

function DetailRoute() {
  const { id } = useParams();
  return <ReceptionDetailPage key={id} id={id ?? ''} />;
}

/** 接待登记: the register (list), one reception, the registration form and the printed ledger. */
export function ReceptionsPage() {
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '120px auto' }} />}>
      <Routes>
        <Route index element={<ReceptionListPage />} />
        <Route path="new" element={<ReceptionFormPage key="new" />} />
        <Route path="ledger" element={<LedgerPage />} />
        <Route path=":id" element={<DetailRoute />} />
        <Route path=":id/edit" element={<EditRoute />} />
      </Routes>
    </Suspense>
  );
}
