import { useEffect, useId, useRef, useState } from 'react';
import { usePlayground, useSettings } from './usePlayground';
import { PIX2PIX_TASKS } from '../protocol/presets';
import { DEFAULT_HELD_OUT_SHARE, heldOutIndices, MAX_HELD_OUT_SHARE } from '../engine/data/heldOut';
import { NumberInput } from './NumberInput';
import { readPairFiles, type OpenedImage } from './pairFiles';
import { formatPoints, parsePoints, type Point } from './pointsText';

/** The drawing canvas spans [-1, 1] on both axes, y up, as the toy targets do. */
const CANVAS = 240;

/** GAN Lab's "draw your own distribution": click to add target points for the toy GAN. */
export function DrawnPoints() {
  const playground = usePlayground();
  const data = useSettings((s) => s.settings.data);
  const points = data.kind === 'drawn' && Array.isArray(data.points) ? (data.points as Point[]) : [];
  const canvas = useRef<HTMLCanvasElement | null>(null);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    ctx.clearRect(0, 0, CANVAS, CANVAS);
    ctx.strokeStyle = '#8886';
    ctx.strokeRect(0.5, 0.5, CANVAS - 1, CANVAS - 1);
    ctx.fillStyle = '#1b7837';
    for (const [x, y] of points) {
      ctx.beginPath();
      ctx.arc(((x + 1) / 2) * CANVAS, ((1 - y) / 2) * CANVAS, 3, 0, 2 * Math.PI);
      ctx.fill();
    }
  }, [points]);

  const add = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * 2 - 1;
    const y = 1 - ((e.clientY - box.top) / box.height) * 2;
    const next: Point[] = [...points, [Number(x.toFixed(3)), Number(y.toFixed(3))]];
    playground.stores.settings.getState().update({ data: { kind: 'drawn', points: next } });
  };

  return (
    <div className="field">
      <span>Your own points: click to add, or type them below ({points.length} so far)</span>
      <canvas
        ref={canvas}
        width={CANVAS}
        height={CANVAS}
        role="img"
        aria-label={`Drawing area for target points: ${points.length} point${points.length === 1 ? '' : 's'} drawn`}
        onClick={add}
        style={{ cursor: 'crosshair', maxWidth: '100%' }}
      />
      <button type="button" onClick={() => playground.stores.settings.getState().update({ data: { kind: 'ring' } })} disabled={points.length === 0}>
        Clear the drawing (back to the ring)
      </button>
      <TypedPoints points={points} onUse={(next) => playground.stores.settings.getState().update({ data: { kind: 'drawn', points: next } })} />
    </div>
  );
}

/** The same points as text: to type them (no mouse needed) or to set exact values. */
function TypedPoints({ points, onUse }: { points: readonly Point[]; onUse: (points: Point[]) => void }) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState('');
  const use = () => {
    const parsed = parsePoints(text ?? formatPoints(points));
    if ('error' in parsed) return setError(parsed.error);
    setError('');
    setText(null);
    onUse(parsed.points);
  };
  return (
    <details>
      <summary>Type the points instead</summary>
      <label htmlFor={id}>Target points, one "x y" per line, each from -1 to 1</label>
      <textarea
        id={id}
        rows={5}
        value={text ?? formatPoints(points)}
        aria-invalid={error !== '' || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="button" onClick={use}>
        Use these points
      </button>
      {error && (
        <span id={`${id}-error`} role="alert" className="error">
          {error}
        </span>
      )}
    </details>
  );
}

/** Opens an image file with the browser's own decoder (the engine needs no codec); its pixels are read on demand. */
async function openImage(file: File): Promise<OpenedImage> {
  const bitmap = await createImageBitmap(file);
  // Read the size first: a closed bitmap reports 0 x 0.
  const { width, height } = bitmap;
  return {
    width,
    height,
    pixels() {
      const ctx = new OffscreenCanvas(width, height).getContext('2d');
      if (!ctx) throw new Error(`${file.name}: this browser cannot read image pixels`);
      ctx.drawImage(bitmap, 0, 0);
      return ctx.getImageData(0, 0, width, height).data;
    },
    close: () => bitmap.close(),
  };
}

/** pix2pix's side-by-side A|B images from the user's files; split and resized in the worker. */
export function PairImages() {
  const playground = usePlayground();
  const id = useId();
  const data = useSettings((s) => s.settings.data);
  const images = Array.isArray(data.images) ? data.images : [];
  const heldOutShare = typeof data.heldOutShare === 'number' ? data.heldOutShare : DEFAULT_HELD_OUT_SHARE;
  const [error, setError] = useState('');

  const load = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setError('');
    try {
      const decoded = await readPairFiles([...files], openImage);
      playground.stores.settings.getState().setPairData({ images: decoded, heldOutShare });
    } catch (e) {
      setError(`Could not read the images: ${(e as Error).message}`);
    }
  };

  return (
    <div className="field">
      <label htmlFor={id}>Your own A|B images (pix2pix's side-by-side format)</label>
      <input id={id} type="file" accept="image/*" multiple onChange={(e) => void load(e.currentTarget.files)} />
      {images.length > 0 && (
        <span className="muted">
          {images.length} pair{images.length === 1 ? '' : 's'} loaded{' '}
          <button type="button" onClick={() => playground.stores.settings.getState().setPairData({ task: PIX2PIX_TASKS[0] })}>
            Use a built-in task again
          </button>
        </span>
      )}
      {images.length > 0 && (
        <HeldOutShare
          share={heldOutShare}
          count={images.length}
          onCommit={(share) => playground.stores.settings.getState().setPairData({ images, heldOutShare: share })}
        />
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </div>
  );
}

/** The share of the user's pairs kept out of training for the quality measure, and how many that is. */
function HeldOutShare({ share, count, onCommit }: { share: number; count: number; onCommit: (share: number) => void }) {
  const id = useId();
  const held = heldOutIndices(count, share).length;
  return (
    <div className="field">
      <label htmlFor={id}>Held out for quality (share of your pairs)</label>
      <NumberInput
        id={id}
        aria-label="Held-out share"
        min={0}
        max={MAX_HELD_OUT_SHARE}
        step={0.05}
        value={share}
        onCommit={onCommit}
        check={(v) => (v < 0 || v > MAX_HELD_OUT_SHARE ? `a share from 0 to ${MAX_HELD_OUT_SHARE}` : null)}
      />
      <span className="muted" data-testid="held-out-count">
        {held === 0 ? 'none held out: no L1/PSNR/SSIM measured (needs a share × pairs of 1 or more)' : `${held} of ${count} pairs held out: L1, PSNR and SSIM are measured on them`}
      </span>
    </div>
  );
}
