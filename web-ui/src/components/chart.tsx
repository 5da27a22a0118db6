import { useEffect, useRef } from 'react';

/**
 * An ECharts chart. The chart parts (components/echarts.ts: only the series
 * types and components the console uses, not the whole library) are loaded
 * on first use, so the login page and the tables do not carry them. Drawn,
 * the element says data-chart="drawn"; an option that needs a part not
 * registered there draws nothing, says data-chart="missing: …" and logs
 * which part to add.
 */
export function Chart({ option, height = 260 }: { option: Record<string, unknown>; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: { setOption(o: unknown): void; resize(): void; dispose(): void } | undefined;
    let disposed = false;
    const onResize = () => chart?.resize();
    void import('./echarts').then(({ init, missingParts }) => {
      if (disposed || !el.current) return;
      const missing = missingParts(option);
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
