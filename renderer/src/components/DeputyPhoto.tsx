import { useCall } from '../api';

/** A deputy's ID photo (35:45) by attachment hash, or a plain frame with the surname. */
export function DeputyPhoto({
  sha256,
  name,
  width,
  className,
}: {
  sha256: string | null;
  name: string;
  width: number;
  className?: string;
}) {
  const photo = useCall(
    'attachment.get',
    { sha256: sha256 ?? '' },
    { enabled: !!sha256, staleTime: Infinity },
  );
  const height = Math.round((width * 45) / 35);
  const style = { width, height };
  if (sha256 && photo.data) {
    return (
      <img
        src={photo.data.dataUrl}
        alt={`${name}的照片`}
        style={style}
        className={`deputy-photo ${className ?? ''}`}
      />
    );
  }
  return (
    <span
      className={`deputy-photo deputy-photo-empty ${className ?? ''}`}
      style={{ ...style, fontSize: Math.max(12, width / 2.4) }}
      aria-label={sha256 ? '照片读取中' : '没有照片'}
    >
      {name.slice(0, 1)}
    </span>
  );
}
