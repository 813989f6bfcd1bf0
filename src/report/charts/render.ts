/**
 * Headless rendering: vega-lite spec → vega → SVG string (no canvas, no DOM), SVG → PNG with resvg.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { View, parse, type LoggerInterface } from 'vega';
import { Resvg } from '@resvg/resvg-js';
import { CHART_FONT } from './theme.ts';

/**
 * Vega numbers clip paths and gradients from a process-wide counter, so the same chart rendered twice gets
 * different ids, and two inlined charts could share one. Renumber them per chart, in order of appearance.
 */
export function renumberSvgIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) {
    if (!ids.has(m[1]!)) ids.set(m[1]!, `${prefix}-${ids.size + 1}`);
  }
  return svg
    .replace(/(\sid=")([^"]+)"/g, (_all, head: string, id: string) => `${head}${ids.get(id) ?? id}"`)
    .replace(/url\(#([^)]+)\)/g, (_all, id: string) => `url(#${ids.get(id) ?? id})`)
    .replace(/href="#([^"]+)"/g, (_all, id: string) => `href="#${ids.get(id) ?? id}"`);
}

/**
 * Vega and vega-lite log warnings (e.g. a dropped scale property) to the console by default; only the CLI
 * may print, and a spec problem that matters is an error thrown from compile or render.
 */
function silentLogger(): LoggerInterface {
  let current = 0;
  const logger: LoggerInterface = {
    level(level?: number) {
      if (level === undefined) return current as never;
      current = level;
      return logger as never;
    },
    error: () => logger,
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** The chart as a standalone SVG document (text escaped by vega), ids prefixed with `idPrefix`. */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const vgSpec = compile(spec, { logger: silentLogger() }).spec;
  const view = new View(parse(vgSpec), { renderer: 'none', logger: silentLogger() });
  try {
    return renumberSvgIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

/** PNG bytes of an SVG at `scale`× its size, text drawn with the system's DejaVu Sans. */
export function renderPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    background: 'white',
  });
  return resvg.render().asPng();
}
