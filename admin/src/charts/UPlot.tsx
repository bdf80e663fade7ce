// uPlot in a Preact component: created on mount, resized with its container,
// destroyed on unmount. Charts are canvas: each is a labelled figure, and the screens
// show the same figures in a table or as text beside it.
import type { JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export const COLORS = {
  accent: "#4f46e5",
  accentSoft: "rgba(79, 70, 229, 0.14)",
  green: "#16a34a",
  amber: "#d97706",
  grey: "#a1a1aa",
  grid: "#ececef",
  axis: "#65656f",
};

export const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
  stroke: COLORS.axis,
  font: "12px system-ui, -apple-system, 'Segoe UI', sans-serif",
  grid: { stroke: COLORS.grid, width: 1 },
  ticks: { show: false },
  ...extra,
});

export function UPlot({ options, data, height, label }: { options: Omit<uPlot.Options, "width" | "height">; data: uPlot.AlignedData; height: number; label: string }): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return undefined;
    const chart = new uPlot({ ...options, width: Math.max(el.clientWidth, 100), height }, data, el);
    const observer = new ResizeObserver(() => chart.setSize({ width: Math.max(el.clientWidth, 100), height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [options, data, height]);
  return <figure class="chart" role="img" aria-label={label} ref={box} />;
}
