/** How faces are found in a folder's photos: `detect` finds the one face in each photo; `cropped` takes each photo to be a face already. */
export const FACE_MODES = ['detect', 'cropped'] as const;
export type FaceMode = (typeof FACE_MODES)[number];
