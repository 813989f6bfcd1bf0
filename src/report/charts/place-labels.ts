/**
 * Where to write each point's label so that no two labels overlap and none covers a point or leaves the plot:
 * a greedy pass in priority order that tries four spots around the point (right-above, right-below,
 * left-above, left-below) and skips a label that fits nowhere (its point keeps its tooltip). Text width is
 * estimated from the character count at the chart font's average advance, which is why there is a margin.
 */

export interface LabelPoint {
  readonly key: string;
  readonly text: string;
  /** Position in the plot, in pixels from its left and top edges. */
  readonly xPx: number;
  readonly yPx: number;
}

export interface LabelSpot {
  readonly at: 'above' | 'below';
  /** 'left': the text starts right of the point; 'right': it ends left of it. */
  readonly align: 'left' | 'right';
}

/** Offsets of the text from its point (vega-lite text marks are vertically centred on dy). */
export const LABEL_DX_PX = 7;
export const LABEL_DY_PX = { above: -9, below: 11 } as const;

const SPOTS: readonly LabelSpot[] = [
  { at: 'above', align: 'left' },
  { at: 'below', align: 'left' },
  { at: 'above', align: 'right' },
  { at: 'below', align: 'right' },
];
/** 10 px DejaVu Sans: about 6.2 px per character on average, 12 px per line; labels are cut at 220 px. */
const CHAR_PX = 6.2;
const LINE_PX = 12;
const MAX_LABEL_PX = 220;
/** Half the side of the box a point's marker (size 90) covers. */
const MARKER_PX = 6;

interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** The box the label of `p` covers at `spot`. */
export function labelBox(p: LabelPoint, spot: LabelSpot): Box {
  const width = Math.min(p.text.length * CHAR_PX, MAX_LABEL_PX);
  const x0 = spot.align === 'left' ? p.xPx + LABEL_DX_PX : p.xPx - LABEL_DX_PX - width;
  const yMid = p.yPx + LABEL_DY_PX[spot.at];
  return { x0, x1: x0 + width, y0: yMid - LINE_PX / 2, y1: yMid + LINE_PX / 2 };
}

/** Key → spot of every label placed, in a plot of `widthPx` × `heightPx`; earlier points are placed first. */
export function placeLabels(points: readonly LabelPoint[], widthPx: number, heightPx: number): Map<string, LabelSpot> {
  const taken: Box[] = points.map((p) => ({
    x0: p.xPx - MARKER_PX,
    x1: p.xPx + MARKER_PX,
    y0: p.yPx - MARKER_PX,
    y1: p.yPx + MARKER_PX,
  }));
  const placed = new Map<string, LabelSpot>();
  for (const p of points) {
    if (p.text === '') continue;
    for (const spot of SPOTS) {
      const box = labelBox(p, spot);
      const inside = box.x0 >= 0 && box.x1 <= widthPx && box.y0 >= 0 && box.y1 <= heightPx;
      if (inside && !taken.some((t) => overlaps(t, box))) {
        placed.set(p.key, spot);
        taken.push(box);
        break;
      }
    }
  }
  return placed;
}
