/**
 * Reliability diagram of a learned router: observed share correct against mean predicted probability, per
 * bin and model. On the diagonal the predictor is calibrated; below it, over-confident.
 */
import type { CalibrationResults, Chart } from '../inputs/types.ts';
import { finishSpec } from './finish-spec.ts';

export function reliabilityChart(calibration: CalibrationResults, name = 'reliability'): Chart {
  const rows = Object.entries(calibration.calibration)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .flatMap(([model, bins]) => bins.map((b) => ({ model, ...b })));
  const axis = { type: 'quantitative', scale: { domain: [0, 1] } };
  const spec = finishSpec({
    title: {
      text: 'Calibration of the learned router',
      subtitle: 'diagonal: perfectly calibrated · dot size: rows in the bin',
    },
    width: 380,
    height: 380,
    datasets: { bins: rows, diagonal: [{ p: 0 }, { p: 1 }] },
    layer: [
      {
        data: { name: 'diagonal' },
        mark: { type: 'line', color: '#9a9a9a', strokeDash: [5, 4] },
        encoding: {
          x: { ...axis, field: 'p', title: 'mean predicted quality' },
          y: { ...axis, field: 'p', title: 'observed quality' },
        },
      },
      {
        data: { name: 'bins' },
        mark: { type: 'line', point: false, strokeWidth: 1.5, opacity: 0.7 },
        encoding: {
          x: { ...axis, field: 'meanPredicted' },
          y: { ...axis, field: 'observed' },
          color: { field: 'model', type: 'nominal', title: 'model', sort: 'ascending' },
          order: { field: 'binLow', type: 'quantitative' },
        },
      },
      {
        data: { name: 'bins' },
        params: [{ name: 'zoom', select: 'interval', bind: 'scales' }],
        mark: { type: 'point', filled: true, opacity: 0.9 },
        encoding: {
          x: { ...axis, field: 'meanPredicted' },
          y: { ...axis, field: 'observed' },
          color: { field: 'model', type: 'nominal', sort: 'ascending' },
          size: { field: 'count', type: 'quantitative', title: 'rows', scale: { range: [20, 200] } },
          tooltip: [
            { field: 'model' },
            { field: 'binLow', title: 'bin from', format: '.2f' },
            { field: 'binHigh', title: 'bin to', format: '.2f' },
            { field: 'meanPredicted', title: 'mean predicted', format: '.3f' },
            { field: 'observed', format: '.3f' },
            { field: 'count', title: 'rows' },
          ],
        },
      },
    ],
  });
  return {
    name,
    title: 'Calibration of the learned router',
    caption:
      "Whether the router's predicted quality can be trusted as a probability; " +
      'thresholds set on a miscalibrated model miss their cost target.',
    spec,
  };
}
