import { describe, expect, it } from 'vitest';
import { PAIR_FILE_LIMITS, readPairFiles, type OpenedImage } from '../../src/ui/pairFiles';

interface FakeFile {
  readonly name: string;
  readonly width: number;
  readonly height: number;
}

/** Opens fake files, recording which had their pixels read and which are still open. */
function opener() {
  const read: string[] = [];
  const open = new Set<string>();
  const openImage = async (file: FakeFile): Promise<OpenedImage> => {
    open.add(file.name);
    return {
      width: file.width,
      height: file.height,
      pixels: () => {
        read.push(file.name);
        return new Uint8ClampedArray(4); // the size is all these tests look at
      },
      close: () => open.delete(file.name),
    };
  };
  return { read, open, openImage };
}

describe("reading the user's A|B image files", () => {
  it('reads each file in order, and closes each', async () => {
    const { read, open, openImage } = opener();
    const files = [{ name: 'a.png', width: 512, height: 256 }, { name: 'b.png', width: 256, height: 128 }];
    const decoded = await readPairFiles(files, openImage);
    expect(decoded.map((d) => [d.name, d.width, d.height])).toEqual([['a.png', 512, 256], ['b.png', 256, 128]]);
    expect(read).toEqual(['a.png', 'b.png']);
    expect(open.size).toBe(0);
  });

  it("refuses an image past the pixel limit by name, before reading its pixels (a 12,000 x 9,000 scan is 432 MB of RGBA)", async () => {
    // Bug: every file was decoded to RGBA at once, whatever its size: a folder of photos took the tab down.
    const { read, open, openImage } = opener();
    const files = [{ name: 'ok.png', width: 512, height: 256 }, { name: 'scan.jpg', width: 12_000, height: 9_000 }];
    await expect(readPairFiles(files, openImage)).rejects.toThrow('scan.jpg is 12000 x 9000 px; at most 33,554,432 pixels an image (e.g. 8192 x 4096)');
    expect(read).toEqual(['ok.png']);
    expect(open.size).toBe(0);
  });

  it('refuses the file that takes the images past the total, saying how many fit', async () => {
    // 4096 x 4096 x 4 bytes = 64 MiB each: 8 fit in 512 MiB, the ninth does not.
    expect(PAIR_FILE_LIMITS.totalBytes).toBe(8 * 4096 * 4096 * 4);
    const { read, open, openImage } = opener();
    const files = Array.from({ length: 20 }, (_, i) => ({ name: `photo${i}.jpg`, width: 4096, height: 4096 }));
    await expect(readPairFiles(files, openImage)).rejects.toThrow('photo8.jpg: the images so far take 576 MiB as pixels, over the 512 MiB a page keeps; load fewer or smaller images (8 fit)');
    expect(read).toHaveLength(8);
    expect(open.size).toBe(0);
  });
});
