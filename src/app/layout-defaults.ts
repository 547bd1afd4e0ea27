/** The first-visit sizes of the main splits, from the window; once a split is dragged, its own size is kept. */
export interface LayoutDefaults {
  /** Width of the topic details column (the tree takes the rest), px. */
  readonly details: number
  /** Height of the open Publish panel under the details, px. */
  readonly publish: number
}

const clamp = (n: number, lo: number, hi: number) => Math.round(Math.min(hi, Math.max(lo, n)))

/**
 * Details get a little more than half the width (a payload reads better wide; tree rows are short),
 * Publish a bit over a third of the height, so at 1280×720 the selected payload and the Publish
 * button are both in view without scrolling.
 */
export function layoutDefaults(width: number, height: number): LayoutDefaults {
  return { details: clamp(width * 0.56, 460, 1100), publish: clamp(height * 0.36, 200, 360) }
}
