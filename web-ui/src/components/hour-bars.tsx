import { theme } from 'antd';

const W = 600;
const H = 260;
const PAD = { left: 36, right: 12, top: 16, bottom: 24 };

/** Up to 4 whole-number steps from 0 to at least `max`. */
function ticks(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 4));
  return Array.from({ length: Math.max(1, Math.ceil(max / step)) + 1 }, (_, i) => i * step);
}

/**
 * Calls per hour as 24 bars, drawn by React as SVG: the dashboard is the
 * first page most people see, and ECharts (the report pages' charts, about
 * 150 KB compressed) would be most of its weight for one bar chart. A bar's
 * title is its tooltip. Drawn, the element says data-chart="drawn", as the
 * ECharts charts do.
 */
export function HourBars({ values, label }: { values: number[]; label: string }) {
  const { token } = theme.useToken();
  const hours = Array.from({ length: 24 }, (_, h) => values[h] ?? 0);
  const axis = ticks(Math.max(0, ...hours));
  const top = axis.at(-1)!;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  const slot = plotW / 24;
  const text = { fontSize: 11, fill: token.colorTextSecondary };
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      height={H}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      data-chart="drawn"
    >
      {axis.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke={token.colorBorderSecondary} />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" {...text}>
            {v}
          </text>
        </g>
      ))}
      {hours.map((v, h) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the hour is the bar's identity
        <g key={h}>
          <rect
            x={PAD.left + h * slot + slot * 0.2}
            width={slot * 0.6}
            y={y(v)}
            height={Math.max(0, PAD.top + plotH - y(v))}
            fill={token.colorPrimary}
          >
            <title>{`${h}:00 ${label} ${v}`}</title>
          </rect>
          {h % 2 === 0 && (
            <text x={PAD.left + (h + 0.5) * slot} y={H - 6} textAnchor="middle" {...text}>
              {h}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
