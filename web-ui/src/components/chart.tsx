import { useEffect, useRef } from 'react';

/**
 * An ECharts chart. The library is loaded on first use so the login page and
 * the tables do not carry it; reports build on this.
 */
export function Chart({ option, height = 260 }: { option: Record<string, unknown>; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: { setOption(o: unknown): void; resize(): void; dispose(): void } | undefined;
    let disposed = false;
    const onResize = () => chart?.resize();
    void import('echarts').then((echarts) => {
      if (disposed || !el.current) return;
      chart = echarts.init(el.current);
      chart.setOption(option);
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
