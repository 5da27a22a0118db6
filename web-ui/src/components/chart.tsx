import { useEffect, useRef } from 'react';

/**
 * An ECharts chart. ECharts (components/echarts.ts: its core and the parts
 * this option draws with, not the whole library) is loaded on first use, so
 * the login page and the tables do not carry it. Drawn, the element says
 * data-chart="drawn"; an option that needs a part echarts.ts does not know
 * draws nothing, says data-chart="missing: …" and logs which part to add.
 */
export function Chart({ option, height = 260 }: { option: Record<string, unknown>; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: { setOption(o: unknown): void; resize(): void; dispose(): void } | undefined;
    let disposed = false;
    const onResize = () => chart?.resize();
    void import('./echarts').then(async ({ init, chartReady }) => {
      const missing = await chartReady(option);
      if (disposed || !el.current) return;
      if (missing.length) {
        el.current.dataset.chart = `missing: ${missing.join(', ')}`;
        console.error(`chart: register ${missing.join(', ')} in web-ui/src/components/echarts.ts`);
        return;
      }
      chart = init(el.current);
      chart.setOption(option);
      el.current.dataset.chart = 'drawn'; // tests and bench/live wait for this
      window.addEventListener('resize', onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener('resize', onResize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={el} style={{ width: '100%', height }} />;
}
