import { describe, expect, it } from 'vitest';
import { renderPng, renderSvg, renumberSvgIds } from '../../../src/report/charts/render.ts';
import { costQualityChart } from '../../../src/report/charts/cost-quality.ts';
import { sliceHeatmapChart } from '../../../src/report/charts/slice-heatmap.ts';
import { replay } from '../fixtures.ts';

describe('renderSvg', () => {
  it('renders a standalone SVG with the chart title, axis titles and policy labels', async () => {
    const svg = await renderSvg(costQualityChart(replay())!.spec, 'cq');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    for (const text of [
      'Quality vs cost',
      'mean quality',
      'cost per 1,000 requests (USD, log scale)',
      'always:gpt-3.5-turbo-0613',
      'oracle',
    ]) {
      expect(svg).toContain(`>${text}<`);
    }
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  it('gives the same bytes for the same spec, however many charts were rendered before', async () => {
    const spec = sliceHeatmapChart(replay(), 'quality')!.spec;
    const first = await renderSvg(spec, 'slice');
    await renderSvg(spec, 'other');
    expect(await renderSvg(spec, 'slice')).toBe(first);
    expect(first).toContain('id="slice-1"'); // the legend gradient, renumbered
  });
});

describe('renumberSvgIds', () => {
  it('renames ids and their url(#…) and href references in order of appearance', () => {
    const svg = '<g id="clip7"/><path clip-path="url(#clip7)"/><g id="gradient_3"/><use href="#gradient_3"/>';
    expect(renumberSvgIds(svg, 'c')).toBe('<g id="c-1"/><path clip-path="url(#c-1)"/><g id="c-2"/><use href="#c-2"/>');
  });
});

describe('renderPng', () => {
  it('draws a PNG at twice the SVG size', async () => {
    const svg = await renderSvg(costQualityChart(replay())!.spec, 'cq');
    const png = renderPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset);
    const [w, h] = [Number(/width="(\d+)"/.exec(svg)![1]), Number(/height="(\d+)"/.exec(svg)![1])];
    expect([view.getUint32(16), view.getUint32(20)]).toEqual([2 * w, 2 * h]); // IHDR width and height
    expect(w).toBeGreaterThan(600);
    expect(png.length).toBeGreaterThan(20_000); // text and marks drawn, not a blank page
  });
});
