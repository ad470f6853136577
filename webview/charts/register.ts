/**
 * Chart.js with only what the pages draw: line and scatter charts on linear and log scales, a
 * filled interval band, tooltips, a legend for the law charts, and LTTB decimation for long
 * curves. Registering explicitly keeps the bundle small and the dependency list honest.
 */
import {
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';

let registered = false;

export function registerCharts(): typeof Chart {
  if (!registered) {
    Chart.register(
      LineController,
      ScatterController,
      LineElement,
      PointElement,
      LinearScale,
      LogarithmicScale,
      Filler,
      Tooltip,
      Legend,
      Decimation,
    );
    registered = true;
  }
  return Chart;
}

export { Chart };
