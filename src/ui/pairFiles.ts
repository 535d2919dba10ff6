// The user's A|B image files read into RGBA, one at a time and within a budget: a folder of
// phone photos (12 megapixels, 48 MB of RGBA each) decoded all at once took the tab down.

/** An image file opened by the browser's decoder: its size is known before its pixels are read. */
export interface OpenedImage {
  readonly width: number;
  readonly height: number;
  /** Its RGBA pixels, row-major. */
  pixels(): Uint8ClampedArray;
  close(): void;
}

export interface DecodedPair {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/**
 * Far past pix2pix's 256 x 256 halves (training resizes each half to the model's size), short of
 * the tab's memory: the pixels are kept in the page, copied to the worker and stored with the run.
 */
export const PAIR_FILE_LIMITS = {
  /** One image: 8192 x 4096, two 4096 px halves side by side. */
  pixels: 8192 * 4096,
  /** All images together, in RGBA bytes. */
  totalBytes: 512 * 2 ** 20,
} as const;

const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;

/** Opens each file in turn, checks its size, then reads its pixels; throws an Error naming the file at fault. */
export async function readPairFiles<F extends { readonly name: string }>(files: readonly F[], open: (file: F) => Promise<OpenedImage>): Promise<DecodedPair[]> {
  const out: DecodedPair[] = [];
  let total = 0;
  for (const file of files) {
    const image = await open(file);
    try {
      const { width, height } = image;
      const pixels = width * height;
      if (pixels > PAIR_FILE_LIMITS.pixels) {
        throw new Error(`${file.name} is ${width} x ${height} px; at most ${PAIR_FILE_LIMITS.pixels.toLocaleString('en-US')} pixels an image (e.g. 8192 x 4096): shrink it first (training uses each half at the model's size)`);
      }
      total += pixels * 4;
      if (total > PAIR_FILE_LIMITS.totalBytes) {
        throw new Error(`${file.name}: the images so far take ${mib(total)} as pixels, over the ${mib(PAIR_FILE_LIMITS.totalBytes)} a page keeps; load fewer or smaller images (${out.length} fit)`);
      }
      out.push({ name: file.name, width, height, data: image.pixels() });
    } finally {
      image.close();
    }
  }
  return out;
}
