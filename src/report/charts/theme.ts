/**
 * The look shared by every chart. The font is named explicitly (DejaVu Sans ships with Debian and is
 * what resvg is given), so text measures and renders the same on every machine.
 */
import type { Config } from 'vega-lite';

export const CHART_FONT = 'DejaVu Sans';

/** Colors for the kinds of points in a comparison, fixed so every chart reads the same. */
export const KIND_COLORS = {
  policy: '#4c78a8',
  single: '#9d755d',
  oracle: '#e45756',
} as const;

export const chartConfig: Config = {
  font: CHART_FONT,
  background: 'white',
  padding: 8,
  view: { stroke: '#d0d0d0' },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', subtitleFontSize: 12, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#ececec' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: { scheme: 'tableau10' } },
};

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/**
 * Number formats (d3-format) of the charts, matching the tables' formatter (report/format.ts): quality as a
 * percentage like the CLI and the tables, dollars with 3 significant digits.
 */
export const QUALITY_AXIS_FORMAT = '.0%';
export const QUALITY_FORMAT = '.1%';
export const USD_FORMAT = '$,.3~g';
