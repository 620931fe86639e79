import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/** A list's date-range filter: either end may be empty; dates as YYYY-MM-DD (as in the URL). */
export function DateRangeFilter({
  label,
  from,
  to,
  onChange,
  className,
}: {
  label: string;
  from: string | undefined;
  to: string | undefined;
  onChange: (range: { from: string | undefined; to: string | undefined }) => void;
  className?: string;
}) {
  return (
    <DatePicker.RangePicker
      size="large"
      aria-label={label}
      placeholder={['开始日期', '结束日期']}
      format="YYYY-MM-DD"
      allowEmpty={[true, true]}
      value={from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null}
      onChange={(v) =>
        onChange({
          from: v?.[0] ? v[0].format('YYYY-MM-DD') : undefined,
          to: v?.[1] ? v[1].format('YYYY-MM-DD') : undefined,
        })
      }
      className={className}
    />
  );
}
