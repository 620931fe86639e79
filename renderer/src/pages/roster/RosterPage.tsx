import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import { Route, Routes, useParams } from 'react-router-dom';
import { AdminOnly } from '../../components/AdminOnly';
import { RosterListPage } from './RosterListPage';

const DeputyFormPage = lazy(() => import('./DeputyFormPage').then((m) => ({ default: m.DeputyFormPage })));
const DeputyDetailPage = lazy(() =>
  import('./DeputyDetailPage').then((m) => ({ default: m.DeputyDetailPage })),
);
const ImportPage = lazy(() => import('./ImportPage').then((m) => ({ default: m.ImportPage })));

function EditRoute() {
  const { id } = useParams();
  return (
    <AdminOnly what="修改代表信息">
      <DeputyFormPage key={id} id={id} />
    </AdminOnly>
  );
}

function DetailRoute() {
  const { id } = useParams();
  return <DeputyDetailPage key={id} id={id ?? ''} />;
}

/** 代表名册: the list, a deputy's page and form, and the Excel import. */
export function RosterPage() {
  return (
    <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '120px auto' }} />}>
      <Routes>
        <Route index element={<RosterListPage />} />
        <Route
          path="new"
          element={
            <AdminOnly what="新增代表">
              <DeputyFormPage key="new" />
            </AdminOnly>
          }
        />
        <Route
          path="import"
          element={
            <AdminOnly what="导入名册">
              <ImportPage />
            </AdminOnly>
          }
        />
        <Route path=":id" element={<DetailRoute />} />
        <Route path=":id/edit" element={<EditRoute />} />
      </Routes>
    </Suspense>
  );
}
