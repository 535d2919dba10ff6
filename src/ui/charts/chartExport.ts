// A chart as a file: one standalone SVG made of what the page draws (recharts' axes and the
// curves' layer laid over them), every element's computed style written inline so the file
// looks the same without the page's CSS, the title above and the legend below; and a PNG of
// that SVG drawn into a canvas. Browser only (DOM, canvas).

/** Presentation properties copied from the page's computed style onto each exported element. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';
const TITLE_HEIGHT = 22;
const LEGEND_ROW = 18;
const FONT = '12px system-ui, sans-serif';

/** Copies each element's computed presentation style onto its clone (same tree shape). */
function inlineStyles(source: Element, clone: Element): void {
  const computed = getComputedStyle(source);
  const style = STYLE_PROPS.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
  clone.setAttribute('style', style);
  const a = source.children;
  const b = clone.children;
  for (let i = 0; i < a.length && i < b.length; i++) inlineStyles(a[i]!, b[i]!);
}

function element(name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const el = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The legend's entries as drawn on the page: colour, dash and opacity of each swatch, and its text. */
function legendEntries(figure: Element): { color: string; dash: string; opacity: string; label: string }[] {
  return [...figure.querySelectorAll('ul > li')].map((li) => {
    const swatch = li.querySelector('span');
    const style = swatch ? getComputedStyle(swatch) : null;
    const border = style?.borderTopStyle ?? 'solid';
    return {
      color: style?.borderTopColor ?? '#000',
      dash: border === 'dotted' ? '1 3' : border === 'dashed' ? '5 3' : '',
      opacity: style?.opacity ?? '1',
      label: li.textContent ?? '',
    };
  });
}

/** Rows of legend entries laid out left to right within `width`, as the page wraps them. */
function legendLayout(labels: readonly string[], width: number): { x: number; row: number }[] {
  const measure = document.createElement('canvas').getContext('2d');
  if (measure) measure.font = FONT;
  let x = 8;
  let row = 0;
  return labels.map((label) => {
    const w = 22 + (measure?.measureText(label).width ?? label.length * 7) + 14;
    if (x + w > width && x > 8) {
      x = 8;
      row++;
    }
    const at = { x, row };
    x += w;
    return at;
  });
}

/**
 * The chart inside `figure` (a LossChartView) as a standalone SVG document: its title, the
 * axes and curves at their drawn size, and its legend. Null when the chart has drawn nothing.
 */
export function chartSvg(figure: Element, title: string): { svg: string; width: number; height: number } | null {
  const layers = [...figure.querySelectorAll<SVGSVGElement>('svg.recharts-surface, svg.series-layer')];
  if (layers.length === 0) return null;
  const width = Math.max(...layers.map((s) => s.width.baseVal.value));
  const plotHeight = Math.max(...layers.map((s) => s.height.baseVal.value));
  const entries = legendEntries(figure);
  const layout = legendLayout(entries.map((e) => e.label), width);
  const rows = entries.length === 0 ? 0 : layout.at(-1)!.row + 1;
  const height = TITLE_HEIGHT + plotHeight + rows * LEGEND_ROW + 6;

  const root = element('svg', { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': 'system-ui, sans-serif' });
  root.append(element('rect', { width, height, fill: '#fff' }));
  root.append(element('text', { x: 8, y: 15, 'font-size': 13, 'font-weight': 600, fill: '#222' }, title));
  const plot = element('g', { transform: `translate(0, ${TITLE_HEIGHT})` });
  for (const layer of layers) {
    const clone = layer.cloneNode(true) as SVGSVGElement;
    inlineStyles(layer, clone);
    // Laid over each other at the origin, as the page stacks them.
    clone.setAttribute('x', '0');
    clone.setAttribute('y', '0');
    clone.removeAttribute('class');
    plot.append(clone);
  }
  root.append(plot);
  const legendTop = TITLE_HEIGHT + plotHeight + 4;
  entries.forEach((entry, i) => {
    const { x, row } = layout[i]!;
    const y = legendTop + row * LEGEND_ROW + LEGEND_ROW / 2;
    const line: Record<string, string | number> = { x1: x, x2: x + 18, y1: y, y2: y, stroke: entry.color, 'stroke-width': 2, opacity: entry.opacity };
    if (entry.dash) line['stroke-dasharray'] = entry.dash;
    root.append(element('line', line));
    root.append(element('text', { x: x + 22, y: y + 4, 'font-size': 12, fill: '#222' }, entry.label));
  });
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}

/** The SVG drawn into a canvas at `scale` (2: sharp on a high-density screen) on white, as a PNG. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas to draw the PNG on');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas made no PNG'))), 'image/png'));
}

/** A file name from a chart's title: letters, digits, '-', '_' and '.' kept, the rest '_'. */
export function chartFileStem(title: string): string {
  const stem = title.trim().replace(/[^\w.-]+/g, '_').replace(/^[_.]+|_+$/g, '');
  return stem || 'chart';
}
