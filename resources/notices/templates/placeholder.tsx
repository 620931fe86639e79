/** A neutral head-and-shoulders silhouette for a deputy without a photo (never a broken image). */
export function PhotoPlaceholder() {
  return (
    <svg
      className="nb-photo-placeholder"
      viewBox="0 0 30 40"
      preserveAspectRatio="xMidYMid slice"
      role="img"
      aria-label="暂无照片"
    >
      <rect width="30" height="40" fill="#eceae4" />
      <circle cx="15" cy="15" r="6.6" fill="#c9c4b8" />
      <path d="M2.5 40 C2.5 29 8 24.5 15 24.5 C22 24.5 27.5 29 27.5 40 Z" fill="#c9c4b8" />
    </svg>
  );
}
