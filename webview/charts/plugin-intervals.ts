/**
 * A Chart.js plugin that draws vertical interval bars (prediction intervals) for datasets that
 * carry `peftIntervals: [{lo, hi}]` aligned with their points. One plugin object, no per-chart
 * state; it reads the scales at draw time so it follows zoom, log axes and resizes.
 */
import type { Chart, Plugin } from 'chart.js';

export interface Interval {
  lo?: number;
  hi?: number;
}

export const intervalBars: Plugin<'line' | 'scatter'> = {
  id: 'peftIntervals',
  afterDatasetsDraw(chart: Chart) {
    const { ctx } = chart;
    chart.data.datasets.forEach((dataset, i) => {
      const intervals = (dataset as { peftIntervals?: Interval[] }).peftIntervals;
      if (!intervals || !chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i);
      const y = chart.scales[meta.yAxisID ?? 'y'];
      if (!y) return;
      ctx.save();
      ctx.strokeStyle = typeof dataset.borderColor === 'string' ? dataset.borderColor : '#888';
      ctx.lineWidth = 1.5;
      meta.data.forEach((point, j) => {
        const iv = intervals[j];
        if (!iv || iv.lo === undefined || iv.hi === undefined) return;
        const top = y.getPixelForValue(iv.hi);
        const bottom = y.getPixelForValue(iv.lo);
        ctx.beginPath();
        ctx.moveTo(point.x, top);
        ctx.lineTo(point.x, bottom);
        ctx.moveTo(point.x - 4, top);
        ctx.lineTo(point.x + 4, top);
        ctx.moveTo(point.x - 4, bottom);
        ctx.lineTo(point.x + 4, bottom);
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};
