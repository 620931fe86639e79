/**
 * The built-in wall notices: `NoticeBoard` draws any board at its true size in millimetres;
 * `BoardPreview` shows it scaled down in the editor and prints it alone at true size.
 */
export { NoticeBoard, type FitResult, type NoticeBoardProps } from './NoticeBoard';
export { BoardPreview, type BoardPreviewProps } from './BoardPreview';
export { usePageRule } from './page-rule';
