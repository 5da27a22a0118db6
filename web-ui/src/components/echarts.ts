/**
 * The parts of ECharts the console draws with, registered once: the whole
 * library is about 1.1 MB, these parts a fraction of it. A chart that uses a
 * series type or component not listed here draws nothing and ECharts' build
 * says nothing, so components/chart.tsx checks every option against
 * REGISTERED and reports what is missing. A new kind of chart: add its part
 * here and its name to REGISTERED.
 */
import { BarChart, HeatmapChart, LineChart, PieChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart,
  LineChart,
  HeatmapChart,
  PieChart,
  ScatterChart,
  TooltipComponent,
  LegendComponent,
  GridComponent,
  TitleComponent,
  VisualMapComponent,
  DataZoomComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

export { init };

/** What `use` above registered: series types, and option keys (top level or in a series) that need a component. */
export const REGISTERED = {
  series: ['bar', 'line', 'heatmap', 'pie', 'scatter'],
  // the grid component brings the cartesian axes; the tooltip component its axis pointer
  components: [
    'tooltip',
    'axisPointer',
    'legend',
    'grid',
    'xAxis',
    'yAxis',
    'title',
    'visualMap',
    'dataZoom',
    'markLine',
  ],
};

/** Option keys ECharts only understands with a component registered (top level, or in a series for the marks). */
const NEEDS_COMPONENT = [
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

/** The series types and components `option` uses that are not registered above ([] when it can be drawn). */
export function missingParts(option: Record<string, unknown>): string[] {
  const missing = new Set<string>();
  for (const key of NEEDS_COMPONENT)
    if (option[key] !== undefined && !REGISTERED.components.includes(key)) missing.add(key);
  const series = ([] as unknown[]).concat(option.series ?? []) as Record<string, unknown>[];
  for (const s of series) {
    const type = String(s.type ?? 'line');
    if (!REGISTERED.series.includes(type)) missing.add(`series ${type}`);
    for (const mark of SERIES_MARKS)
      if (s[mark] !== undefined && !REGISTERED.components.includes(mark)) missing.add(mark);
  }
  return [...missing];
}
