/**
 * Draws one synthetic face photo as an SVG string (100x100 drawing space, rendered at any size).
 * Pure string building: no randomness here, every number comes from the identity and the photo
 * variation, so the same inputs always give the same picture.
 */
import type { FaceIdentity, PhotoVariation } from './sample-faces-cast.js';
import { darken, lighten } from './sample-faces-cast.js';

/** Head centre in the drawing space. */
const CX = 50;
const CY = 45;

/** Rounds for compact, stable SVG text. */
const f = (value: number): string => String(Math.round(value * 100) / 100);

/** Where the face's landmarks fall, for one identity and one expression. */
interface Landmarks {
  readonly eyeY: number;
  readonly browY: number;
  readonly noseTipY: number;
  readonly mouthY: number;
  readonly chinY: number;
}

function landmarks(id: FaceIdentity, photo: PhotoVariation): Landmarks {
  const eyeY = CY + id.eyeLevel;
  const noseTipY = eyeY + id.noseLength;
  const chinY = CY + id.faceHalfHeight;
  // The mouth sits between nose and chin, never too close to either.
  const mouthY = Math.min(noseTipY + 5.5, chinY - 6.5);
  const browY = eyeY - id.eyeSize - 2.8 - photo.browRaise;
  return { eyeY, browY, noseTipY, mouthY, chinY };
}

export function drawFaceSvg(id: FaceIdentity, photo: PhotoVariation, size: number): string {
  const marks = landmarks(id, photo);
  const featureShift = photo.yaw * 2.5;
  const pose = `translate(${f(CX + photo.shiftX)} ${f(CY + 5 + photo.shiftY)}) rotate(${f(photo.rotation)}) scale(${f(photo.scale)}) translate(${-CX} ${-(CY + 5)})`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">`,
    definitions(id, photo, marks),
    `<rect width="100" height="100" fill="url(#bg)"/>`,
    `<g transform="${pose}">`,
    hairBack(id),
    shoulders(id, photo),
    ears(id, photo, marks),
    `<path d="${faceOutline(id, 0)}" fill="url(#skin)"/>`,
    `<g transform="translate(${f(featureShift)} 0)">`,
    mole(id),
    eyes(id, photo, marks),
    brows(id, photo, marks),
    nose(id, marks),
    facialHairBelowMouth(id, marks),
    mouth(id, photo, marks),
    moustache(id, marks),
    glasses(id, marks),
    `</g>`,
    hairFront(id, marks),
    earrings(id, photo, marks),
    `</g>`,
    `<rect width="100" height="100" fill="url(#light)"/>`,
    `<rect width="100" height="100" fill="${photo.tint}" fill-opacity="${f(photo.tintStrength)}"/>`,
    `<rect width="100" height="100" fill="${photo.exposure > 0 ? '#ffffff' : '#000000'}" fill-opacity="${f(Math.abs(photo.exposure) * 0.15)}"/>`,
    `</svg>`,
  ].join('');
}

function definitions(id: FaceIdentity, photo: PhotoVariation, marks: Landmarks): string {
  return [
    '<defs>',
    linearGradient('bg', photo.backgroundAngle, [
      [photo.backgroundFrom, 1],
      [photo.backgroundTo, 1],
    ]),
    // Light comes from one side: a white veil there, a dark one opposite.
    linearGradient('light', photo.lightAngle, [
      ['#ffffff', photo.lightStrength * 0.6],
      ['#000000', photo.lightStrength],
    ]),
    `<radialGradient id="skin" cx="0.5" cy="0.42" r="0.62">`,
    `<stop offset="0.55" stop-color="${lighten(id.skinTone, 0.06)}"/>`,
    `<stop offset="1" stop-color="${darken(id.skinTone, 0.16)}"/>`,
    `</radialGradient>`,
    eyeClips(id, photo, marks),
    '</defs>',
  ].join('');
}

function linearGradient(name: string, angleDegrees: number, stops: readonly [string, number][]): string {
  const radians = (angleDegrees * Math.PI) / 180;
  const dx = Math.cos(radians) * 50;
  const dy = Math.sin(radians) * 50;
  const stopTags = stops.map(
    ([colour, opacity], i) => `<stop offset="${i / (stops.length - 1)}" stop-color="${colour}" stop-opacity="${f(opacity)}"/>`,
  );
  return `<linearGradient id="${name}" gradientUnits="userSpaceOnUse" x1="${f(50 - dx)}" y1="${f(50 - dy)}" x2="${f(50 + dx)}" y2="${f(50 + dy)}">${stopTags.join('')}</linearGradient>`;
}

/** Face contour; `pad` grows it (used for the beard, which sits slightly outside the skin). */
function faceOutline(id: FaceIdentity, pad: number): string {
  const w = id.faceHalfWidth + pad;
  const h = id.faceHalfHeight + pad;
  const jaw = h * (0.3 + 0.45 * id.jawSquareness);
  const chin = w * id.chinWidth;
  return [
    `M${f(CX - w)} ${f(CY)}`,
    `C${f(CX - w)} ${f(CY - h * 0.58)} ${f(CX - w * 0.56)} ${f(CY - h)} ${f(CX)} ${f(CY - h)}`,
    `C${f(CX + w * 0.56)} ${f(CY - h)} ${f(CX + w)} ${f(CY - h * 0.58)} ${f(CX + w)} ${f(CY)}`,
    `C${f(CX + w)} ${f(CY + jaw)} ${f(CX + chin)} ${f(CY + h)} ${f(CX)} ${f(CY + h)}`,
    `C${f(CX - chin)} ${f(CY + h)} ${f(CX - w)} ${f(CY + jaw)} ${f(CX - w)} ${f(CY)}Z`,
  ].join('');
}

function shoulders(id: FaceIdentity, photo: PhotoVariation): string {
  const neckTop = CY + id.faceHalfHeight - 8;
  const neckHalf = id.faceHalfWidth * 0.5;
  const shoulderY = CY + id.faceHalfHeight + 9;
  return [
    `<rect x="${f(CX - neckHalf)}" y="${f(neckTop)}" width="${f(neckHalf * 2)}" height="30" fill="${darken(id.skinTone, 0.18)}"/>`,
    `<path d="M-5 110L-5 ${f(shoulderY + 14)}C5 ${f(shoulderY)} 28 ${f(shoulderY - 2)} ${f(CX - neckHalf)} ${f(shoulderY - 3)}`,
    `Q${CX} ${f(shoulderY + 6)} ${f(CX + neckHalf)} ${f(shoulderY - 3)}C72 ${f(shoulderY - 2)} 95 ${f(shoulderY)} 105 ${f(shoulderY + 14)}L105 110Z" fill="${photo.clothing}"/>`,
  ].join('');
}

function ears(id: FaceIdentity, photo: PhotoVariation, marks: Landmarks): string {
  const y = marks.eyeY + 3;
  // A turned head shows more of one ear than the other.
  const ear = (side: -1 | 1): string => {
    const visible = 1 - 0.35 * side * photo.yaw;
    const x = CX + side * (id.faceHalfWidth - 0.5);
    return `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(id.earSize * 0.55 * visible)}" ry="${f(id.earSize)}" fill="${darken(id.skinTone, 0.08)}"/>`;
  };
  return ear(-1) + ear(1);
}

function earrings(id: FaceIdentity, photo: PhotoVariation, marks: Landmarks): string {
  if (!id.earringColour) return '';
  const y = marks.eyeY + 3 + id.earSize + 1.2;
  return ([-1, 1] as const)
    .map((side) => {
      const x = CX + side * (id.faceHalfWidth - 0.5 + 0.3 * side * photo.yaw);
      return `<circle cx="${f(x)}" cy="${f(y)}" r="1.5" fill="${id.earringColour}" stroke="${darken(id.earringColour as string, 0.35)}" stroke-width="0.4"/>`;
    })
    .join('');
}

function mole(id: FaceIdentity): string {
  if (!id.mole) return '';
  return `<circle cx="${f(CX + id.mole.dx)}" cy="${f(CY + id.mole.dy)}" r="0.9" fill="${darken(id.skinTone, 0.55)}"/>`;
}

function eyeCentres(id: FaceIdentity): [number, number] {
  return [CX - id.eyeSpacing, CX + id.eyeSpacing];
}

/** Almond eye outline; openness squeezes it vertically (blinks, smiles). */
function eyeShape(id: FaceIdentity, photo: PhotoVariation, x: number, y: number): string {
  const s = id.eyeSize;
  const openness = Math.max(0.2, photo.eyeOpenness - 0.25 * Math.max(0, photo.smile));
  return `M${f(x - s)} ${f(y)}Q${f(x)} ${f(y - s * 1.25 * openness)} ${f(x + s)} ${f(y)}Q${f(x)} ${f(y + s * 0.9 * openness)} ${f(x - s)} ${f(y)}Z`;
}

function eyeClips(id: FaceIdentity, photo: PhotoVariation, marks: Landmarks): string {
  return eyeCentres(id)
    .map((x, i) => `<clipPath id="eye${i}"><path d="${eyeShape(id, photo, x, marks.eyeY)}"/></clipPath>`)
    .join('');
}

function eyes(id: FaceIdentity, photo: PhotoVariation, marks: Landmarks): string {
  const s = id.eyeSize;
  return eyeCentres(id)
    .map((x, i) => {
      const shape = eyeShape(id, photo, x, marks.eyeY);
      const irisX = x + photo.gazeX * s * 0.3;
      return [
        `<path d="${shape}" fill="#f3efe8"/>`,
        `<g clip-path="url(#eye${i})">`,
        `<circle cx="${f(irisX)}" cy="${f(marks.eyeY)}" r="${f(s * 0.58)}" fill="${id.eyeColour}"/>`,
        `<circle cx="${f(irisX)}" cy="${f(marks.eyeY)}" r="${f(s * 0.26)}" fill="#0b0806"/>`,
        `</g>`,
        `<path d="${shape}" fill="none" stroke="${darken(id.skinTone, 0.6)}" stroke-width="0.6"/>`,
      ].join('');
    })
    .join('');
}

function brows(id: FaceIdentity, photo: PhotoVariation, marks: Landmarks): string {
  const tilt = Math.tan((id.browAngle * Math.PI) / 180) * id.eyeSize;
  return eyeCentres(id)
    .map((x, i) => {
      const outer = i === 0 ? -1 : 1;
      const outerX = x + outer * (id.eyeSize + 1.2);
      const innerX = x - outer * (id.eyeSize * 0.8);
      const innerY = marks.browY - tilt * 0.5 + photo.browRaise * 0.3;
      const outerY = marks.browY + tilt * 0.5;
      const arch = marks.browY - 1.6 - tilt * 0.2;
      return `<path d="M${f(innerX)} ${f(innerY)}Q${f(x)} ${f(arch)} ${f(outerX)} ${f(outerY)}" fill="none" stroke="${id.browColour}" stroke-width="${f(id.browThickness)}" stroke-linecap="round"/>`;
    })
    .join('');
}

function nose(id: FaceIdentity, marks: Landmarks): string {
  const half = id.noseWidth / 2;
  const top = marks.eyeY + 2;
  const tip = marks.noseTipY;
  const line = darken(id.skinTone, 0.35);
  return [
    `<path d="M${f(CX + 1)} ${f(top)}Q${f(CX + half * 0.9)} ${f((top + tip) / 2)} ${f(CX + half * 0.6)} ${f(tip - 1.2)}" fill="none" stroke="${line}" stroke-width="0.7" stroke-linecap="round"/>`,
    `<path d="M${f(CX - half)} ${f(tip - 1)}Q${f(CX - half * 0.6)} ${f(tip + 1)} ${f(CX)} ${f(tip + 0.6)}Q${f(CX + half * 0.6)} ${f(tip + 1)} ${f(CX + half)} ${f(tip - 1)}" fill="none" stroke="${line}" stroke-width="0.8" stroke-linecap="round"/>`,
    `<ellipse cx="${f(CX - half * 0.45)}" cy="${f(tip - 0.2)}" rx="${f(half * 0.25)}" ry="0.6" fill="${darken(id.skinTone, 0.5)}"/>`,
    `<ellipse cx="${f(CX + half * 0.45)}" cy="${f(tip - 0.2)}" rx="${f(half * 0.25)}" ry="0.6" fill="${darken(id.skinTone, 0.5)}"/>`,
  ].join('');
}

function mouth(id: FaceIdentity, photo: PhotoVariation, marks: Landmarks): string {
  const half = id.mouthWidth / 2 + photo.smile * 1.2;
  const y = marks.mouthY;
  const cornerY = y - photo.smile * 2.2;
  const upper = y - 1.5 * id.lipFullness;
  const lower = y + 2 * id.lipFullness + Math.max(0, photo.smile) * 1.5;
  const parting = y + photo.smile * 1.6;
  const lips = `M${f(CX - half)} ${f(cornerY)}C${f(CX - half * 0.5)} ${f(upper)} ${f(CX + half * 0.5)} ${f(upper)} ${f(CX + half)} ${f(cornerY)}C${f(CX + half * 0.5)} ${f(lower)} ${f(CX - half * 0.5)} ${f(lower)} ${f(CX - half)} ${f(cornerY)}Z`;
  const teeth =
    photo.smile > 0.55
      ? `<path d="M${f(CX - half * 0.8)} ${f(cornerY + 0.3)}Q${f(CX)} ${f(parting + 1.4)} ${f(CX + half * 0.8)} ${f(cornerY + 0.3)}Q${f(CX)} ${f(y - 0.2)} ${f(CX - half * 0.8)} ${f(cornerY + 0.3)}Z" fill="#f2eee6"/>`
      : '';
  return [
    `<path d="${lips}" fill="${id.lipColour}"/>`,
    teeth,
    `<path d="M${f(CX - half)} ${f(cornerY)}Q${f(CX)} ${f(parting)} ${f(CX + half)} ${f(cornerY)}" fill="none" stroke="${darken(id.lipColour, 0.45)}" stroke-width="0.6"/>`,
  ].join('');
}

function facialHairBelowMouth(id: FaceIdentity, marks: Landmarks): string {
  const colour = id.hairColour;
  if (id.facialHair === 'beard') return `<path d="${beardShape(id, marks)}" fill="${colour}" fill-opacity="0.93"/>`;
  if (id.facialHair === 'goatee') {
    const top = marks.mouthY + 1.5;
    const half = Math.min(4.5, id.mouthWidth / 2);
    const bottom = marks.chinY + 1;
    return `<path d="M${f(CX - half)} ${f(top)}Q${f(CX)} ${f(top - 1.2)} ${f(CX + half)} ${f(top)}Q${f(CX + half * 0.9)} ${f(bottom)} ${f(CX)} ${f(bottom)}Q${f(CX - half * 0.9)} ${f(bottom)} ${f(CX - half)} ${f(top)}Z" fill="${colour}" fill-opacity="0.92"/>`;
  }
  return '';
}

/** Full beard: the padded jaw line outside, a curve over the cheeks and under the nose inside. */
function beardShape(id: FaceIdentity, marks: Landmarks): string {
  const w = id.faceHalfWidth + 0.8;
  const h = id.faceHalfHeight + 1.2;
  const jaw = h * (0.3 + 0.45 * id.jawSquareness);
  const chin = w * id.chinWidth;
  const top = marks.eyeY + 2.5;
  const inner = id.faceHalfWidth - 2.5;
  const underNose = marks.noseTipY + 1.8;
  return [
    `M${f(CX - w)} ${f(top)}L${f(CX - w)} ${f(CY)}`,
    `C${f(CX - w)} ${f(CY + jaw)} ${f(CX - chin)} ${f(CY + h)} ${f(CX)} ${f(CY + h)}`,
    `C${f(CX + chin)} ${f(CY + h)} ${f(CX + w)} ${f(CY + jaw)} ${f(CX + w)} ${f(CY)}`,
    `L${f(CX + w)} ${f(top)}L${f(CX + inner)} ${f(top)}`,
    `C${f(CX + inner)} ${f(underNose + 2)} ${f(CX + id.mouthWidth / 2 + 3)} ${f(underNose)} ${f(CX)} ${f(underNose)}`,
    `C${f(CX - id.mouthWidth / 2 - 3)} ${f(underNose)} ${f(CX - inner)} ${f(underNose + 2)} ${f(CX - inner)} ${f(top)}Z`,
  ].join('');
}

function moustache(id: FaceIdentity, marks: Landmarks): string {
  if (id.facialHair === 'none') return '';
  const y = marks.mouthY - 1.5 * id.lipFullness - 0.4;
  const half = id.mouthWidth / 2 + 1.2;
  return `<path d="M${f(CX - half)} ${f(y + 1.6)}Q${f(CX - half * 0.55)} ${f(y - 1.9)} ${f(CX)} ${f(y - 1.3)}Q${f(CX + half * 0.55)} ${f(y - 1.9)} ${f(CX + half)} ${f(y + 1.6)}Q${f(CX)} ${f(y - 0.1)} ${f(CX - half)} ${f(y + 1.6)}Z" fill="${id.hairColour}"/>`;
}

function glasses(id: FaceIdentity, marks: Landmarks): string {
  if (!id.glasses) return '';
  const { round, colour } = id.glasses;
  const [left, right] = eyeCentres(id);
  const y = marks.eyeY;
  const rx = id.eyeSize + 2.4;
  const ry = round ? rx : id.eyeSize + 1.4;
  const lens = (x: number): string =>
    round
      ? `<circle cx="${f(x)}" cy="${f(y)}" r="${f(rx)}"/>`
      : `<rect x="${f(x - rx)}" y="${f(y - ry)}" width="${f(rx * 2)}" height="${f(ry * 2)}" rx="1.6"/>`;
  return [
    `<g fill="#dfe8ee" fill-opacity="0.18" stroke="${colour}" stroke-width="1.1">${lens(left)}${lens(right)}</g>`,
    `<path d="M${f(left + rx)} ${f(y - 0.5)}Q${f(CX)} ${f(y - 2.2)} ${f(right - rx)} ${f(y - 0.5)}` +
      `M${f(left - rx)} ${f(y - 0.5)}L${f(CX - id.faceHalfWidth)} ${f(y - 1)}M${f(right + rx)} ${f(y - 0.5)}L${f(CX + id.faceHalfWidth)} ${f(y - 1)}" fill="none" stroke="${colour}" stroke-width="0.9"/>`,
  ].join('');
}

/** Hair worn over the top of the head; `sideBottom` is how low it comes down the temples. */
function hairCap(id: FaceIdentity, pad: number, hairlineY: number, sideBottom: number, partX: number): string {
  const w = id.faceHalfWidth;
  const top = CY - id.faceHalfHeight - pad * 1.5;
  const outer = w + pad;
  const inner = w - 2.2;
  return [
    `M${f(CX - outer)} ${f(sideBottom)}`,
    `C${f(CX - outer)} ${f(CY - id.faceHalfHeight * 0.6)} ${f(CX - outer * 0.6)} ${f(top)} ${f(CX)} ${f(top)}`,
    `C${f(CX + outer * 0.6)} ${f(top)} ${f(CX + outer)} ${f(CY - id.faceHalfHeight * 0.6)} ${f(CX + outer)} ${f(sideBottom)}`,
    `L${f(CX + inner)} ${f(sideBottom)}`,
    `C${f(CX + inner)} ${f(hairlineY + 3)} ${f(CX + w * 0.5)} ${f(hairlineY)} ${f(CX + partX)} ${f(hairlineY - 1)}`,
    `C${f(CX - w * 0.5)} ${f(hairlineY)} ${f(CX - inner)} ${f(hairlineY + 3)} ${f(CX - inner)} ${f(sideBottom)}Z`,
  ].join('');
}

function hairBack(id: FaceIdentity): string {
  const colour = darken(id.hairColour, 0.12);
  const w = id.faceHalfWidth;
  const h = id.faceHalfHeight;
  const v = id.hairVolume;
  switch (id.hairStyle) {
    case 'long': {
      const bottom = CY + h + 16 * v;
      const side = w + 4.5 * v;
      return `<path d="M${f(CX - side)} ${f(bottom)}C${f(CX - side - 2)} ${f(CY)} ${f(CX - side)} ${f(CY - h - 6)} ${f(CX)} ${f(CY - h - 5)}C${f(CX + side)} ${f(CY - h - 6)} ${f(CX + side + 2)} ${f(CY)} ${f(CX + side)} ${f(bottom)}Z" fill="${colour}"/>`;
    }
    case 'fringe': {
      const bottom = CY + h * 0.45;
      const side = w + 3 * v;
      return `<path d="M${f(CX - side)} ${f(bottom)}C${f(CX - side - 1)} ${f(CY - h * 0.5)} ${f(CX - side)} ${f(CY - h - 5)} ${f(CX)} ${f(CY - h - 4)}C${f(CX + side)} ${f(CY - h - 5)} ${f(CX + side + 1)} ${f(CY - h * 0.5)} ${f(CX + side)} ${f(bottom)}Z" fill="${colour}"/>`;
    }
    case 'bun':
      return `<circle cx="${CX}" cy="${f(CY - h - 5 * v)}" r="${f(7.5 * v)}" fill="${colour}"/>`;
    case 'curly':
      return curlyCloud(id, colour);
    case 'bald':
      // What is left of the hair: a thin rim peeking out around the back of the head.
      return `<ellipse cx="${CX}" cy="${f(CY - 3)}" rx="${f(w + 1.3)}" ry="${f(h * 0.5)}" fill="${colour}"/>`;
    default:
      return '';
  }
}

/** A ring of overlapping circles around the upper head: reads as curly / afro hair. */
function curlyCloud(id: FaceIdentity, colour: string): string {
  const circles: string[] = [];
  const count = 15;
  const radius = 6.5 * id.hairVolume;
  for (let i = 0; i < count; i++) {
    const angle = Math.PI * (0.92 + (1.16 * i) / (count - 1));
    const x = CX + Math.cos(angle) * (id.faceHalfWidth + 3.5 * id.hairVolume);
    const y = CY - 2 + Math.sin(angle) * (id.faceHalfHeight + 3.5 * id.hairVolume);
    circles.push(`<circle cx="${f(x)}" cy="${f(y)}" r="${f(radius)}"/>`);
  }
  return `<g fill="${colour}">${circles.join('')}</g>`;
}

function hairFront(id: FaceIdentity, marks: Landmarks): string {
  const colour = id.hairColour;
  const hairlineY = marks.eyeY - id.hairline;
  const part = (id.hairline - 11.5) * 1.5;
  switch (id.hairStyle) {
    case 'short':
      return `<path d="${hairCap(id, 2.2 * id.hairVolume, hairlineY, CY - 1, part)}" fill="${colour}"/>`;
    case 'bun':
      return `<path d="${hairCap(id, 1.2, hairlineY - 1, CY - 3, 0)}" fill="${colour}"/>`;
    case 'long':
      return `<path d="${hairCap(id, 3 * id.hairVolume, hairlineY, CY + id.faceHalfHeight * 0.55, part)}" fill="${colour}"/>`;
    case 'curly':
      return `<path d="${hairCap(id, 3, hairlineY + 1, CY - 2, 0)}" fill="${colour}"/>` + curlyHairline(id, hairlineY + 1, colour);
    case 'fringe':
      return fringe(id, marks, colour);
    case 'bald':
      return baldShine(id);
  }
}

function curlyHairline(id: FaceIdentity, hairlineY: number, colour: string): string {
  const circles: string[] = [];
  for (let i = 0; i < 6; i++) {
    const x = CX - id.faceHalfWidth * 0.65 + (id.faceHalfWidth * 1.3 * i) / 5;
    circles.push(`<circle cx="${f(x)}" cy="${f(hairlineY - 0.5 + (i % 2) * 0.8)}" r="2.6"/>`);
  }
  return `<g fill="${colour}">${circles.join('')}</g>`;
}

/** Straight bangs down to just above the brows, and a bob over the sides. */
function fringe(id: FaceIdentity, marks: Landmarks, colour: string): string {
  const w = id.faceHalfWidth;
  const outer = w + 2.5 * id.hairVolume;
  const top = CY - id.faceHalfHeight - 3.5 * id.hairVolume;
  const bangsY = marks.browY - id.browThickness - 0.8;
  const sideBottom = CY + id.faceHalfHeight * 0.4;
  const inner = w - 2.5;
  return `<path d="M${f(CX - outer)} ${f(sideBottom)}C${f(CX - outer)} ${f(CY - id.faceHalfHeight * 0.6)} ${f(CX - outer * 0.6)} ${f(top)} ${f(CX)} ${f(top)}C${f(CX + outer * 0.6)} ${f(top)} ${f(CX + outer)} ${f(CY - id.faceHalfHeight * 0.6)} ${f(CX + outer)} ${f(sideBottom)}L${f(CX + inner)} ${f(sideBottom)}L${f(CX + inner)} ${f(bangsY)}L${f(CX - inner)} ${f(bangsY)}L${f(CX - inner)} ${f(sideBottom)}Z" fill="${colour}"/>`;
}

/** Bald: a shine on the scalp (the remaining hair is the rim drawn by hairBack). */
function baldShine(id: FaceIdentity): string {
  const w = id.faceHalfWidth;
  const top = CY - id.faceHalfHeight;
  return `<ellipse cx="${f(CX - w * 0.25)}" cy="${f(top + 5)}" rx="${f(w * 0.35)}" ry="2.6" fill="#ffffff" fill-opacity="0.22"/>`;
}
