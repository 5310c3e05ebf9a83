/**
 * Regions of a face where a physical attack can live — printed eyeglass frames (Sharif et al.,
 * "Accessorize to a Crime", 2016), stickers on the forehead or a cheek — described as data: shapes
 * in the face's own frame, placed from its 68 landmarks. The frame's origin is the midpoint of the
 * eye centres, its x axis runs from the left eye (in the image) to the right one, its unit is the
 * distance between the eye centres and its y axis points down the face; so a region is scaled and
 * rotated with the face. A region becomes a pixel mask of the aligned chip (pixel centres inside).
 */

/** A point of the face: the mean of some landmarks, moved by `offset` (face units, in the face frame). */
export interface Anchor {
  readonly landmarks: readonly number[];
  readonly offset?: readonly [number, number];
}

/** An eyeglass rim: the band between an ellipse (semi-axes `radii`) and the same ellipse shrunk by `thickness`. */
export interface RingShape {
  readonly kind: 'ring';
  readonly centre: Anchor;
  readonly radii: readonly [number, number];
  readonly thickness: number;
}

/** A straight band of `thickness` (round ends) from one anchor to another: a bridge or a temple. */
export interface BarShape {
  readonly kind: 'bar';
  readonly from: Anchor;
  readonly to: Anchor;
  readonly thickness: number;
}

/** A square sticker of side `side`, upright in the face frame. */
export interface SquareShape {
  readonly kind: 'square';
  readonly centre: Anchor;
  readonly side: number;
}

export type RegionShape = RingShape | BarShape | SquareShape;

const LEFT_EYE = [36, 37, 38, 39, 40, 41];
const RIGHT_EYE = [42, 43, 44, 45, 46, 47];
/** Rim thickness: with it the frame covers ~7% of the chip, as Sharif et al.'s frames covered ~6.5% of the face image. */
const RIM = 0.1;

/**
 * The regions, in face units. Sizes were chosen on the mean landmarks of the ORL faces (eye centres
 * 55 px apart in the 150 px chip): lenses 0.8 x 0.56 around each eye, sitting under the brows; the
 * temples run to the face's outline at eye height (jaw landmarks 0 and 16).
 */
export const FACE_REGIONS = {
  glasses: [
    { kind: 'ring', centre: { landmarks: LEFT_EYE, offset: [0, 0.05] }, radii: [0.4, 0.28], thickness: RIM },
    { kind: 'ring', centre: { landmarks: RIGHT_EYE, offset: [0, 0.05] }, radii: [0.4, 0.28], thickness: RIM },
    { kind: 'bar', from: { landmarks: LEFT_EYE, offset: [0.36, -0.06] }, to: { landmarks: RIGHT_EYE, offset: [-0.36, -0.06] }, thickness: RIM },
    { kind: 'bar', from: { landmarks: LEFT_EYE, offset: [-0.36, 0] }, to: { landmarks: [0] }, thickness: RIM },
    { kind: 'bar', from: { landmarks: RIGHT_EYE, offset: [0.36, 0] }, to: { landmarks: [16] }, thickness: RIM },
  ],
  /** A sticker above the brows (landmarks 19 and 24 are the brows' tops). */
  forehead: [{ kind: 'square', centre: { landmarks: [19, 24], offset: [0, -0.3] }, side: 0.44 }],
  /** A sticker on the cheek on the image's left, between the jaw (2) and the nose's side (31). */
  cheek: [{ kind: 'square', centre: { landmarks: [2, 31], offset: [0, -0.05] }, side: 0.36 }],
} as const satisfies Record<string, readonly RegionShape[]>;

export type RegionName = keyof typeof FACE_REGIONS;
export const REGION_NAMES = Object.keys(FACE_REGIONS) as RegionName[];

/** The face frame of a landmark set (x0, y0, x1, y1, ... in pixels). */
export interface FaceFrame {
  readonly origin: readonly [number, number];
  /** Unit vector of the face's x axis, in pixels. */
  readonly axis: readonly [number, number];
  /** Pixels per face unit: the distance between the eye centres. */
  readonly scale: number;
}

export function faceFrame(landmarks: ArrayLike<number>): FaceFrame {
  checkLandmarks(landmarks);
  const [lx, ly] = meanOf(landmarks, LEFT_EYE);
  const [rx, ry] = meanOf(landmarks, RIGHT_EYE);
  const scale = Math.hypot(rx - lx, ry - ly);
  if (!(scale > 0)) throw new Error('The landmarks place both eyes at the same point: they cannot place a face region.');
  return { origin: [(lx + rx) / 2, (ly + ry) / 2], axis: [(rx - lx) / scale, (ry - ly) / scale], scale };
}

/** A pixel point in face units. */
export function toFaceUnits(frame: FaceFrame, x: number, y: number): [number, number] {
  const dx = x - frame.origin[0];
  const dy = y - frame.origin[1];
  const [ux, uy] = frame.axis;
  return [(dx * ux + dy * uy) / frame.scale, (-dx * uy + dy * ux) / frame.scale];
}

/** A region's shapes with their anchors resolved to points in face units. */
type Placed = { kind: 'ring'; cx: number; cy: number; rx: number; ry: number; t: number } | { kind: 'bar'; x0: number; y0: number; x1: number; y1: number; t: number } | { kind: 'square'; cx: number; cy: number; half: number };

function place(shapes: readonly RegionShape[], landmarks: ArrayLike<number>, frame: FaceFrame): Placed[] {
  const at = (anchor: Anchor): [number, number] => {
    const [px, py] = meanOf(landmarks, anchor.landmarks);
    const [fx, fy] = toFaceUnits(frame, px, py);
    return [fx + (anchor.offset?.[0] ?? 0), fy + (anchor.offset?.[1] ?? 0)];
  };
  return shapes.map((shape): Placed => {
    switch (shape.kind) {
      case 'ring': {
        const [cx, cy] = at(shape.centre);
        return { kind: 'ring', cx, cy, rx: shape.radii[0], ry: shape.radii[1], t: shape.thickness };
      }
      case 'bar': {
        const [x0, y0] = at(shape.from);
        const [x1, y1] = at(shape.to);
        return { kind: 'bar', x0, y0, x1, y1, t: shape.thickness };
      }
      case 'square': {
        const [cx, cy] = at(shape.centre);
        return { kind: 'square', cx, cy, half: shape.side / 2 };
      }
    }
  });
}

function inside(shape: Placed, x: number, y: number): boolean {
  switch (shape.kind) {
    case 'ring': {
      const outer = ((x - shape.cx) / shape.rx) ** 2 + ((y - shape.cy) / shape.ry) ** 2;
      const inner = ((x - shape.cx) / (shape.rx - shape.t)) ** 2 + ((y - shape.cy) / (shape.ry - shape.t)) ** 2;
      return outer <= 1 && inner > 1;
    }
    case 'bar': {
      const dx = shape.x1 - shape.x0;
      const dy = shape.y1 - shape.y0;
      const length2 = dx * dx + dy * dy;
      const s = length2 > 0 ? Math.min(1, Math.max(0, ((x - shape.x0) * dx + (y - shape.y0) * dy) / length2)) : 0;
      return Math.hypot(x - shape.x0 - s * dx, y - shape.y0 - s * dy) <= shape.t / 2;
    }
    case 'square':
      return Math.abs(x - shape.cx) <= shape.half && Math.abs(y - shape.cy) <= shape.half;
  }
}

/** Whether the pixel-space point (x, y) lies in the region placed on these landmarks. */
export function regionContains(shapes: readonly RegionShape[], landmarks: ArrayLike<number>, x: number, y: number): boolean {
  const frame = faceFrame(landmarks);
  const [fx, fy] = toFaceUnits(frame, x, y);
  return place(shapes, landmarks, frame).some((shape) => inside(shape, fx, fy));
}

/** The region on a width x height image: 1 where the pixel's centre lies inside, else 0 (row-major). */
export function regionMask(shapes: readonly RegionShape[], landmarks: ArrayLike<number>, width: number, height: number): Uint8Array {
  const frame = faceFrame(landmarks);
  const placed = place(shapes, landmarks, frame);
  const mask = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const [fx, fy] = toFaceUnits(frame, column + 0.5, row + 0.5);
      if (placed.some((shape) => inside(shape, fx, fy))) mask[row * width + column] = 1;
    }
  }
  return mask;
}

/** The share of the image's pixels a mask covers. */
export function maskCoverage(mask: Uint8Array): number {
  let on = 0;
  for (const v of mask) on += v;
  return mask.length ? on / mask.length : 0;
}

function meanOf(landmarks: ArrayLike<number>, indices: readonly number[]): [number, number] {
  let x = 0;
  let y = 0;
  for (const k of indices) {
    x += landmarks[2 * k]!;
    y += landmarks[2 * k + 1]!;
  }
  return [x / indices.length, y / indices.length];
}

function checkLandmarks(landmarks: ArrayLike<number>): void {
  if (landmarks.length !== 136) throw new Error(`A face region is placed from face-api's 68 landmarks (136 numbers: x0, y0, x1, y1, ...); got ${landmarks.length} numbers.`);
  for (let i = 0; i < landmarks.length; i++) {
    if (!Number.isFinite(landmarks[i])) throw new Error(`Landmark ${Math.floor(i / 2)} has a non-finite coordinate (${landmarks[i]}): the face's landmarks are damaged.`);
  }
}
