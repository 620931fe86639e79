import { useState } from 'react';
import { Modal } from 'antd';
import { useCall } from '../../api';

/** A photo by its attachment hash, as a thumbnail; a click shows it large. */
export function PhotoThumb({ sha256, fileName }: { sha256: string; fileName: string }) {
  const file = useCall('attachment.get', { sha256 }, { staleTime: Infinity });
  const [big, setBig] = useState(false);
  return (
    <>
      <button
        type="button"
        className="photo-thumb"
        onClick={() => setBig(true)}
        aria-label={`查看照片 ${fileName}`}
      >
        {file.data ? (
          <img src={file.data.dataUrl} alt={fileName} />
        ) : (
          <span className="muted">{file.isError ? '读取不到' : '读取中…'}</span>
        )}
      </button>
      {big && file.data && (
        <Modal open title={fileName} width={960} footer={null} onCancel={() => setBig(false)}>
          <img src={file.data.dataUrl} alt={fileName} className="attachment-big" />
        </Modal>
      )}
    </>
  );
}
