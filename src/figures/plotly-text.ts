/**
 * Plotly renders titles, tick labels and hover text as a small subset of HTML (<br>, <b>, ...)
 * and decodes entities, so names from data (people, models) are escaped before they go in:
 * a person called "A<br>B" must not break a label in two.
 */
export function escapePlotlyText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
