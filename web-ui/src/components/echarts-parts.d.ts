// ECharts' per-part entry points (each registers its part when imported, as
// echarts/charts and echarts/components do for all of them) ship without
// declarations; components/echarts.ts imports them only for that effect.
declare module 'echarts/lib/chart/*';
declare module 'echarts/lib/component/*';
