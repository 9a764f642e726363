/** Where the window opens: its last bounds, moved and shrunk as needed to lie on a display that is there now. */
export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Bounds | null;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 960, height: 640 } as const;

function overlapArea(a: Bounds, b: Bounds): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

function fitInside(wanted: Bounds, area: Bounds): Bounds {
  const width = Math.min(Math.max(wanted.width, Math.min(MIN_WINDOW_SIZE.width, area.width)), area.width);
  const height = Math.min(Math.max(wanted.height, Math.min(MIN_WINDOW_SIZE.height, area.height)), area.height);
  const x = Math.min(Math.max(wanted.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(wanted.y, area.y), area.y + area.height - height);
  return { x: Math.round(x), y: Math.round(y), width: Math.round(width), height: Math.round(height) };
}

/**
 * The bounds to open with. `workAreas` are the displays' work areas, the primary display first.
 * Saved bounds go to the display they overlap most, fully inside it; with no overlap (that
 * monitor was unplugged) the window is centred on the primary display at the default size.
 */
export function placeWindow(saved: Bounds | null, workAreas: readonly Bounds[]): Bounds {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_WINDOW_SIZE };
  if (saved && saved.width > 0 && saved.height > 0) {
    let best: Bounds | null = null;
    let bestOverlap = 0;
    for (const area of workAreas) {
      const overlap = overlapArea(saved, area);
      if (overlap > bestOverlap) [best, bestOverlap] = [area, overlap];
    }
    if (best) return fitInside(saved, best);
  }
  const width = Math.min(DEFAULT_WINDOW_SIZE.width, primary.width);
  const height = Math.min(DEFAULT_WINDOW_SIZE.height, primary.height);
  return fitInside({ x: primary.x + (primary.width - width) / 2, y: primary.y + (primary.height - height) / 2, width, height }, primary);
}
