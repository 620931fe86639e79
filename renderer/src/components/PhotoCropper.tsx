import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { Alert, Button, Modal, Slider, Space } from 'antd';
import { PictureOutlined } from '@ant-design/icons';

/** The on-screen frame (35:45, the ID-photo ratio) and the stored size (413×531 px ≈ 300 dpi). */
const VIEW_W = 350;
const VIEW_H = 450;
const OUT_W = 413;
const OUT_H = 531;

interface Placement {
  scale: number;
  x: number;
  y: number;
}

/** Keeps the picture covering the whole frame. */
function clamp(img: HTMLImageElement, p: Placement): Placement {
  const minScale = Math.max(VIEW_W / img.naturalWidth, VIEW_H / img.naturalHeight);
  const scale = Math.min(Math.max(p.scale, minScale), minScale * 8);
  const w = img.naturalWidth * scale;
  const h = img.naturalHeight * scale;
  return {
    scale,
    x: Math.min(0, Math.max(VIEW_W - w, p.x)),
    y: Math.min(0, Math.max(VIEW_H - h, p.y)),
  };
}

function draw(canvas: HTMLCanvasElement, img: HTMLImageElement, p: Placement, factor: number) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(
    img,
    p.x * factor,
    p.y * factor,
    img.naturalWidth * p.scale * factor,
    img.naturalHeight * p.scale * factor,
  );
}

/**
 * Picks (file or Ctrl+V) a photo, lets the clerk move and zoom it inside a 35:45 frame, and
 * hands back a 413×531 JPEG as base64 (no data: prefix).
 */
export function PhotoCropper({
  open,
  saving,
  onCancel,
  onSave,
}: {
  open: boolean;
  saving: boolean;
  onCancel: () => void;
  onSave: (jpegBase64: string) => void;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const [img, setImg] = useState<HTMLImageElement | null>(null);
  const [place, setPlace] = useState<Placement>({ scale: 1, x: 0, y: 0 });
  const [problem, setProblem] = useState<string | null>(null);
  const drag = useRef<{ px: number; py: number; x: number; y: number } | null>(null);

  const load = useCallback((blob: Blob) => {
    if (!blob.type.startsWith('image/')) {
      setProblem('这不是图片文件，请选择 JPG 或 PNG 格式的照片。');
      return;
    }
    const url = URL.createObjectURL(blob);
    const image = new Image();
    image.onload = () => {
      const scale = Math.max(VIEW_W / image.naturalWidth, VIEW_H / image.naturalHeight);
      setProblem(null);
      setImg(image);
      setPlace({
        scale,
        x: (VIEW_W - image.naturalWidth * scale) / 2,
        y: (VIEW_H - image.naturalHeight * scale) / 2,
      });
      URL.revokeObjectURL(url);
    };
    image.onerror = () => {
      setProblem('这张图片打不开，请换一张。');
      URL.revokeObjectURL(url);
    };
    image.src = url;
  }, []);

  // Ctrl+V while the dialog is open: a photo copied from a document or a screenshot tool.
  useEffect(() => {
    if (!open) return;
    const onPaste = (event: ClipboardEvent) => {
      const item = [...(event.clipboardData?.items ?? [])].find((i) => i.type.startsWith('image/'));
      const file = item?.getAsFile();
      if (file) {
        event.preventDefault();
        load(file);
      }
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [open, load]);

  useEffect(() => {
    if (canvasRef.current && img) draw(canvasRef.current, img, place, 1);
  }, [img, place]);

  /** Closing forgets the picture, so the next opening starts afresh. */
  const close = () => {
    setImg(null);
    setProblem(null);
    onCancel();
  };

  const update = (next: Placement) => img && setPlace(clamp(img, next));

  /** Zoom about the frame's centre. */
  const zoomTo = (scale: number) => {
    if (!img) return;
    const cx = VIEW_W / 2;
    const cy = VIEW_H / 2;
    const k = scale / place.scale;
    update({ scale, x: cx - (cx - place.x) * k, y: cy - (cy - place.y) * k });
  };

  const minScale = img ? Math.max(VIEW_W / img.naturalWidth, VIEW_H / img.naturalHeight) : 1;

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 20 : 5;
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-step, 0],
      ArrowRight: [step, 0],
      ArrowUp: [0, -step],
      ArrowDown: [0, step],
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      update({ ...place, x: place.x + move[0], y: place.y + move[1] });
    } else if (event.key === '+' || event.key === '=') {
      event.preventDefault();
      zoomTo(place.scale * 1.1);
    } else if (event.key === '-') {
      event.preventDefault();
      zoomTo(place.scale / 1.1);
    }
  };

  const save = () => {
    if (!img) return;
    const out = document.createElement('canvas');
    out.width = OUT_W;
    out.height = OUT_H;
    draw(out, img, place, OUT_W / VIEW_W);
    const dataUrl = out.toDataURL('image/jpeg', 0.85);
    onSave(dataUrl.slice(dataUrl.indexOf(',') + 1));
  };

  return (
    <Modal
      open={open}
      title="设置代表照片"
      width={720}
      onCancel={close}
      destroyOnHidden
      footer={[
        <Button key="cancel" size="large" onClick={close}>
          取消
        </Button>,
        <Button key="save" type="primary" size="large" disabled={!img} loading={saving} onClick={save}>
          保存照片
        </Button>,
      ]}
    >
      <div className="cropper">
        <div className="cropper-stage">
          {img ? (
            <canvas
              ref={canvasRef}
              width={VIEW_W}
              height={VIEW_H}
              className="cropper-canvas"
              tabIndex={0}
              aria-label="照片裁剪框：拖动或用方向键移动照片，滚轮或加减号缩放"
              onKeyDown={onKeyDown}
              onWheel={(e) => zoomTo(place.scale * (e.deltaY < 0 ? 1.08 : 1 / 1.08))}
              onPointerDown={(e: PointerEvent<HTMLCanvasElement>) => {
                e.currentTarget.setPointerCapture(e.pointerId);
                drag.current = { px: e.clientX, py: e.clientY, x: place.x, y: place.y };
              }}
              onPointerMove={(e) => {
                const d = drag.current;
                if (d) update({ ...place, x: d.x + e.clientX - d.px, y: d.y + e.clientY - d.py });
              }}
              onPointerUp={() => (drag.current = null)}
            />
          ) : (
            <button type="button" className="cropper-empty" onClick={() => fileRef.current?.click()}>
              <PictureOutlined className="cropper-empty-icon" />
              <span>点此选择照片</span>
              <span className="cropper-empty-hint">或复制图片后按 Ctrl+V 粘贴</span>
            </button>
          )}
        </div>
        <div className="cropper-side">
          <p>照片按证件照比例（35×45 毫米）裁剪。拖动照片对准头像，用滑块、滚轮或加减号缩放。</p>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Button size="large" icon={<PictureOutlined />} onClick={() => fileRef.current?.click()}>
              {img ? '换一张照片' : '选择照片'}
            </Button>
            {img && (
              <div>
                <div className="cropper-zoom-label">缩放</div>
                <Slider
                  min={minScale}
                  max={minScale * 4}
                  step={minScale / 50}
                  value={place.scale}
                  onChange={(v) => zoomTo(v)}
                  tooltip={{ open: false }}
                  aria-label="缩放"
                />
              </div>
            )}
            {problem && <Alert type="error" showIcon title={problem} />}
          </Space>
          <input
            ref={fileRef}
            type="file"
            accept="image/*"
            hidden
            data-testid="photo-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) load(file);
              e.target.value = '';
            }}
          />
        </div>
      </div>
    </Modal>
  );
}
