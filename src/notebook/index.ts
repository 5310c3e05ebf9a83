/**
 * What the notebook (notebooks/Grupo1_FGSM.ipynb, tslab kernel) imports besides the library: rich
 * display for tslab (Plotly charts with PNG fallback, tables, progress, Markdown, images), the
 * model cell's loader, the library's study with a progress bar in Spanish, and the teaching figures.
 */
export { showBundle, showMarkdown, showPng, newLiveDisplay, inKernel, setDisplaySink, type MimeBundle, type DisplayMessage, type LiveDisplay } from './display.js';
export { initPlotly, showFigure, figureBundle, figureChartHtml, plotlyLoaderHtml, type ShowFigureOptions } from './plotly.js';
export { closePngRenderer } from './png.js';
export { notebookProgress, progressBundle, type NotebookProgress } from './progress.js';
export { dataFrameHtml, dataFrameText, showTable, showKeyValues, type TableOptions } from './table.js';
export { splitFrame, showSplit, showBundledSplit } from './split-summary.js';
export { classDistributionChart } from './charts.js';
export { loadNotebookModel, NotebookSetupError, type NotebookModel, type NotebookModelRequest } from './model.js';
export { study } from './study.js';
export { showSampleFaces, showWorkedExample, findWorkedExample, showPerturbations, sampleFacesPng, perturbationsPng } from './faces.js';
export { setUpNotebook, type NotebookSetup } from './setup.js';
export { showModelSummary, parameterCount } from './model-summary.js';
export { firstTestBatch, showPredictions, predictionsFrame } from './predictions.js';
export { showIntroExample } from './intro.js';
export { showTrainingCurve, readTrainingHistory } from './training-history.js';
export { trainingCurveChart } from './charts.js';
export { runBeyondFgsm, beyondAttacks, personIndex, beyondFrame, beyondCurvesChart, beyondConfusionChart, beyondSliderChart, showImpersonationGrid, beyondAnalysis, BEYOND_EPSILONS, type BeyondFgsm, type BeyondOptions } from './beyond.js';
export { notebookGridPng } from './faces.js';
export { runVerification, showVerificationSummary, showVerificationRoc, showVerificationCurves, showImpersonationMatrix, showVerificationFaces, showRegionAttacks, showTransfer, verificationAnalysis, showVerificationAnalysis, type NotebookVerificationOptions } from './verification.js';

// Types that appear in the signatures above, so that users (and the API reference) can name them.
export type { FaceCell, FaceImage, FaceRow, TextLine } from '../figures/face-grid.js';
export type { BarTrace, ErrorBars, HeatmapTrace, ImageTrace, PlotlyAnnotation, PlotlyAxis, PlotlyFigure, PlotlyFont, PlotlyLayout, PlotlyLine, PlotlyMarker, PlotlyShape, PlotlyTitle, PlotlyTrace, ScatterTrace, Slider, SliderStep, UpdateMenu } from '../figures/plotly-types.js';
export type { PngSize } from '../figures/png-renderer.js';
export type { TextSpan } from '../figures/svg-text.js';
export type { DisplayWriter } from './display.js';
export type { NotebookGridOptions, WorkedExample } from './faces.js';
export type { ProgressOptions } from './progress.js';
export type { CellValue, TableLike } from './table.js';
