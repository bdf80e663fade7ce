import type { JSX } from "preact";
import { useMemo } from "preact/hooks";
import uPlot from "uplot";
import { COLORS, UPlot, axis } from "./UPlot";

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 1000;

export interface Series {
  label: string;
  values: number[];
  color: string;
  fill?: boolean;
}

/** Daily lines over calendar days (`days` as YYYY-MM-DD). */
export function TrendChart({ days, series, height = 220, label }: { days: string[]; series: Series[]; height?: number; label: string }): JSX.Element {
  const data = useMemo<uPlot.AlignedData>(() => [days.map(day), ...series.map((s) => s.values)], [days, series]);
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(
    () => ({
      tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), "UTC"),
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [axis(), axis({ size: 48 })],
      series: [
        { label: "Day", value: "{YYYY}-{MM}-{DD}" },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 2,
          fill: s.fill ? `${s.color}1f` : undefined,
          points: { show: false },
        })),
      ],
    }),
    [series],
  );
  return <UPlot options={options} data={data} height={height} label={label} />;
}

/** A tiny line without axes, for table rows. */
export function Sparkline({ values, label, width = 96, height = 28 }: { values: number[]; label: string; width?: number; height?: number }): JSX.Element {
  const data = useMemo<uPlot.AlignedData>(() => [values.map((_, i) => i), values], [values]);
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(
    () => ({
      legend: { show: false },
      cursor: { show: false },
      select: { show: false, left: 0, top: 0, width: 0, height: 0 },
      scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [{ show: false }, { show: false }],
      series: [{}, { stroke: COLORS.accent, width: 1.5, fill: COLORS.accentSoft, points: { show: false } }],
    }),
    [],
  );
  return (
    <div class="sparkline" style={{ width: `${width}px` }}>
      <UPlot options={options} data={data} height={height} label={label} />
    </div>
  );
}

/** Vertical bars over named categories (funnel steps, answer values). */
export function BarChart({ labels, values, height = 220, label, color = COLORS.accent, format = String }: { labels: string[]; values: number[]; height?: number; label: string; color?: string; format?: (v: number) => string }): JSX.Element {
  const data = useMemo<uPlot.AlignedData>(() => [labels.map((_, i) => i), values], [labels, values]);
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(
    () => ({
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, range: () => [-0.5, labels.length - 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] },
      },
      axes: [
        axis({
          grid: { show: false },
          splits: () => labels.map((_, i) => i),
          values: (_u, splits) => splits.map((i) => short(labels[i] ?? "")),
          gap: 6,
        }),
        axis({ size: 48, values: (_u, splits) => splits.map((v) => format(v)) }),
      ],
      series: [
        {},
        {
          label: "Value",
          stroke: color,
          fill: color,
          width: 0,
          paths: uPlot.paths.bars!({ size: [0.64, 72], gap: 4 }),
          points: { show: false },
        },
      ],
    }),
    [labels, color, format],
  );
  return <UPlot options={options} data={data} height={height} label={label} />;
}

const short = (text: string): string => (text.length > 18 ? `${text.slice(0, 17)}…` : text);

/** Users who viewed each step, then completed; the drop-off to the next bar is written between bars. */
export function FunnelChart({ labels, values, dropOffs, height = 260, label }: { labels: string[]; values: number[]; dropOffs: (number | null)[]; height?: number; label: string }): JSX.Element {
  const data = useMemo<uPlot.AlignedData>(() => [labels.map((_, i) => i), values], [labels, values]);
  const options = useMemo<Omit<uPlot.Options, "width" | "height">>(
    () => ({
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      scales: {
        x: { time: false, range: () => [-0.5, labels.length - 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] },
      },
      axes: [
        axis({ grid: { show: false }, splits: () => labels.map((_, i) => i), values: (_u, splits) => splits.map((i) => short(labels[i] ?? "")) }),
        axis({ size: 52 }),
      ],
      series: [{}, { label: "Users", stroke: COLORS.accent, fill: COLORS.accent, width: 0, paths: uPlot.paths.bars!({ size: [0.56, 80], gap: 4 }), points: { show: false } }],
      hooks: {
        draw: [
          (u: uPlot) => {
            const ctx = u.ctx;
            const ratio = devicePixelRatio || 1;
            ctx.save();
            ctx.textAlign = "center";
            ctx.font = `${12 * ratio}px system-ui, sans-serif`;
            values.forEach((value, i) => {
              const x = u.valToPos(i, "x", true);
              const y = u.valToPos(value, "y", true);
              ctx.fillStyle = "#18181b";
              ctx.fillText(String(value), x, y - 6 * ratio);
              const drop = dropOffs[i];
              if (i < values.length - 1 && drop !== null && drop !== undefined) {
                const mid = (x + u.valToPos(i + 1, "x", true)) / 2;
                ctx.fillStyle = "#b91c1c";
                ctx.fillText(`−${drop.toFixed(1)}%`, mid, u.valToPos(Math.max(values[i + 1] ?? 0, 0), "y", true) - 24 * ratio);
              }
            });
            ctx.restore();
          },
        ],
      },
    }),
    [labels, values, dropOffs],
  );
  return <UPlot options={options} data={data} height={height} label={label} />;
}
