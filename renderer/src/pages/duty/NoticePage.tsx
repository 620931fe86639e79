import { Navigate } from 'react-router-dom';
import { editorPath } from '../notices/labels';

/**
 * /duty/notice/:slotId — kept so old links and bookmarks still work: the 接待日公告 is now
 * made in the wall-notice editor (template reception-notice, subject = the slot).
 */
export function NoticePage({ slotId }: { slotId: string }) {
  return <Navigate to={editorPath('reception-notice', slotId)} replace />;
}
