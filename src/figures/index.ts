/** Figures of a study: Plotly specs, a standalone offline HTML page, PNGs via Chromium, and the examples grid. */
export type {
  PlotlyFigure,
  PlotlyTrace,
  ScatterTrace,
  BarTrace,
  HeatmapTrace,
  ImageTrace,
  ErrorBars,
  PlotlyLayout,
  PlotlyAxis,
  PlotlyTitle,
  PlotlyFont,
  PlotlyMarker,
  PlotlyLine,
  PlotlyAnnotation,
  PlotlyShape,
  Slider,
  SliderStep,
  UpdateMenu,
} from './plotly-types.js';
export { accuracyFigure, type AccuracyFigureOptions } from './accuracy-figure.js';
export { interactiveAccuracyFigure } from './interactive-accuracy-figure.js';
export { modelsComparisonFigure, subplotTitles, type ModelsComparisonOptions } from './models-comparison-figure.js';
export { trainingCurveFigure, bestEpoch, type TrainingCurveOptions } from './training-curve-figure.js';
export { classDistributionFigure, type ClassDistributionOptions } from './class-distribution-figure.js';
export { placeEpsilons, type EpsilonPlacement } from './epsilon-axis.js';
export { figureHtml, writeFigureHtml, type HtmlFigure, type FigureHtmlOptions } from './figure-html.js';
export { plotlyBundle, plotlyBundleInfo, type PlotlyBundleInfo } from './plotly-bundle.js';
export { findChromium, ChromiumNotFoundError, CHROMIUM_HINT } from './chromium.js';
export { openPngRenderer, renderFigurePng, lazyPngRenderer, DEFAULT_PNG_SIZE, type LazyPngRenderer, type PngRenderer, type PngRendererOptions, type PngSize } from './png-renderer.js';
export { examplesGridPng, examplesGridGeometryFor, examplesGridGeometry, type ExamplesGridOptions, type GridGeometry } from './examples-grid.js';
export { faceGridPng, faceGridSvg, FACE_COLOURS, type FaceGrid, type FaceCell, type FaceRow, type FaceImage, type FaceGridLayout, type FaceGridStyle, type FaceVerdict } from './face-grid.js';
export { FileWriteError, writeFileAtomically, writeJsonAtomically } from '../core/atomic-write.js';
// Beyond FGSM (the attack study): curves with Wilson bands, per-identity and confusion heatmaps,
// minimal epsilons, the epsilon slider and the same-faces grid.
export { epsilonLabel, attackRole, ROLE_TEXT, type AttackRole } from './robustness-format.js';
export { robustnessCurvesFigure, attackColours, type RobustnessCurvesOptions } from './robustness-curves-figure.js';
export { perIdentityFigure } from './per-identity-figure.js';
export { confusionFigure } from './confusion-figure.js';
export { minimalEpsilonFigure, minimalEpsilonCategories, minimalEpsilonCounts } from './minimal-epsilon-figure.js';
export { epsilonSliderFigure, exampleSources, type EpsilonSliderOptions } from './epsilon-slider-figure.js';
export { sameFacesGridPng, sameFacesGeometry, sameFacesGrid, type SameFacesGridOptions } from './same-faces-grid.js';
export { faceDataUri, facePng, magnifiedPerturbation } from './face-image.js';
// Helpers of the figure builders, tested on their own.
export { CHROMIUM_ARGS } from './chromium.js';
export { captionLines, examplesGrid } from './examples-grid.js';
export { faceCellPosition } from './face-grid.js';
export { scriptElement } from './figure-html.js';
export { escapeXml, estimateTextWidth } from './svg-text.js';
export { verificationRocFigure, verificationSuccessFigure, impersonationMatrixFigure, verificationExamplesPng, regionGalleryPng, transferFigure } from './verification-figures.js';
