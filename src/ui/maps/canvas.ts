import type { HeatImage } from './heat';

/** Puts a heat image's pixels on the canvas, resizing its backing store to one pixel per cell. */
export function putHeatImage(canvas: HTMLCanvasElement, image: Pick<HeatImage, 'width' | 'height' | 'rgba'>): void {
  if (canvas.width !== image.width) canvas.width = image.width;
  if (canvas.height !== image.height) canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  // ImageData wants an ArrayBuffer-backed array; ours always is, the DOM typings just cannot tell.
  context.putImageData(new ImageData(image.rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
}
