/**
 * ECharts from its parts (echarts/core), not the whole 1.1 MB library. The
 * parts most charts need (bars, lines, their axes and grid, the tooltip, the
 * canvas) come with this module; every other part is a chunk of its own,
 * fetched and registered by the first chart whose option needs it, so the
 * dashboard's bar chart does not carry the heat maps' or the pie charts'
 * code. ECharts draws nothing and says nothing in its production build when
 * an option needs a part that was never registered, so chartReady() finds
 * what the option needs and names what no entry here provides.
 * A new kind of chart: one line in PARTS.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { init };

/**
 * Option keys (top level, `series:<type>`, or a mark inside a series) and the
 * import that registers what draws them; null: registered above.
 */
const PARTS: Record<string, (() => Promise<unknown>) | null> = {
  'series:bar': null,
  grid: null,
  xAxis: null,
  yAxis: null,
  tooltip: null,
  axisPointer: null,
  'series:line': () => import('echarts/lib/chart/line'),
  'series:heatmap': () => import('echarts/lib/chart/heatmap'),
  'series:pie': () => import('echarts/lib/chart/pie'),
  'series:scatter': () => import('echarts/lib/chart/scatter'),
  legend: () => import('echarts/lib/component/legend'),
  title: () => import('echarts/lib/component/title'),
  visualMap: () => import('echarts/lib/component/visualMap'),
  dataZoom: () => import('echarts/lib/component/dataZoom'),
  markLine: () => import('echarts/lib/component/markLine'),
};

/** Option keys ECharts only understands with a component registered. */
const COMPONENT_KEYS = [
  'title',
  'legend',
  'grid',
  'xAxis',
  'yAxis',
  'polar',
  'radiusAxis',
  'angleAxis',
  'radar',
  'dataZoom',
  'visualMap',
  'tooltip',
  'axisPointer',
  'toolbox',
  'brush',
  'geo',
  'parallel',
  'parallelAxis',
  'singleAxis',
  'timeline',
  'graphic',
  'calendar',
  'dataset',
  'aria',
  'matrix',
  'thumbnail',
];
const SERIES_MARKS = ['markLine', 'markPoint', 'markArea'];

/** The parts `option` draws with, as PARTS names them. */
export function partsOf(option: Record<string, unknown>): string[] {
  const needs = new Set(COMPONENT_KEYS.filter((k) => option[k] !== undefined));
  for (const s of ([] as unknown[]).concat(option.series ?? []) as Record<string, unknown>[]) {
    needs.add(`series:${String(s.type ?? 'line')}`);
    for (const mark of SERIES_MARKS) if (s[mark] !== undefined) needs.add(mark);
  }
  return [...needs];
}

/**
 * Registers what `option` needs beyond the parts above; resolves to the
 * parts nothing here provides ([] when the chart can be drawn).
 */
export async function chartReady(option: Record<string, unknown>): Promise<string[]> {
  const needs = partsOf(option);
  const missing = needs.filter((n) => PARTS[n] === undefined);
  await Promise.all(needs.flatMap((n) => PARTS[n] ?? []).map((load) => load()));
  return missing;
}
