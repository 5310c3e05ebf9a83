/**
 * What a drawn Plotly chart has on the page, whatever its trace types: points of scatter and bar
 * traces, the raster of heatmaps, the pictures of image traces (the epsilon slider).
 */
export const PLOTLY_MARKS = '.scatterlayer .point, .barlayer .point, .heatmaplayer .hm image, .imagelayer .im image';
