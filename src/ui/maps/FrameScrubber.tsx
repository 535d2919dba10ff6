import { useContext, useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import type { SamplesMessage } from '../../protocol/messages';
import type { FramesStore } from '../../state/framesStore';
import { nearestFrame } from '../../state/frameThinning';
import type { MapsStore } from '../../state/mapsStore';
import { CursorContext } from '../charts/cursor';
import { saveBlob } from '../runs/download';
import styles from './maps.module.css';
import type { SamplesSource } from './samplesSource';

/** Time each frame shows while playing. */
export const PLAY_FRAME_MS = 250;

export interface FrameScrubberProps {
  /** The latest preview: shown while no frame is picked. */
  readonly latest: MapsStore;
  readonly frames: FramesStore;
  /** What the picture draws; this sets it. */
  readonly shown: SamplesSource;
  /** The picture's canvas, for the PNG download. */
  readonly canvas: () => HTMLCanvasElement | null;
}

const formatStep = (step: number) => step.toLocaleString('en-US');

/**
 * Samples over time (TensorBoard's image slider): a step slider and a play button over the
 * run's kept frames, linked to the charts' cursor (pointing at a chart at step s shows the
 * frame nearest s), and the frame shown as a PNG. At the slider's right end the picture
 * follows the newest preview.
 */
export function FrameScrubber({ latest, frames, shown, canvas }: FrameScrubberProps) {
  const id = useId();
  const list = useStore(frames, (s) => s.frames);
  const cursorStep = useStore(useContext(CursorContext), (s) => s.step);
  /** The step picked on the slider (frames shift as they are thinned; a step stays); null: the newest. */
  const [picked, setPicked] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const pickedIndex = picked === null ? -1 : nearestFrame(list, picked);
  const cursorIndex = cursorStep === null ? -1 : nearestFrame(list, cursorStep);
  const index = cursorIndex >= 0 ? cursorIndex : pickedIndex;
  const frame: SamplesMessage | null = index >= 0 ? list[index]! : null;

  useEffect(() => {
    if (frame) {
      if (shown.getState().samples !== frame) shown.setState({ samples: frame });
      return;
    }
    shown.setState({ samples: latest.getState().samples });
    return latest.subscribe((s, p) => {
      if (s.samples !== p.samples) shown.setState({ samples: s.samples });
    });
  }, [frame, latest, shown]);

  // A new run (no frames yet) starts on its newest preview, not near a step picked in the last one.
  const empty = list.length === 0;
  useEffect(() => {
    if (!empty) return;
    setPicked(null);
    setPlaying(false);
  }, [empty]);

  // Playing: the next frame each PLAY_FRAME_MS, from the first when on the newest; ends on the newest.
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => {
      const all = frames.getState().frames;
      const next = picked === null ? 0 : nearestFrame(all, picked) + 1;
      if (next < all.length - 1) setPicked(all[next]!.step);
      else {
        setPicked(null);
        setPlaying(false);
      }
    }, PLAY_FRAME_MS);
    return () => clearTimeout(timer);
  }, [playing, picked, frames]);

  if (list.length < 2) return null;
  const last = list.length - 1;
  const sliderIndex = pickedIndex >= 0 ? pickedIndex : last;
  const showing = frame ?? list[last]!;
  const download = () => {
    const target = canvas();
    const step = shown.getState().samples?.step ?? showing.step;
    target?.toBlob((blob) => blob && saveBlob(blob, `samples_step_${step}.png`), 'image/png');
  };
  return (
    <div className={styles.frames} role="group" aria-label="Samples over time">
      {/* Not "Pause": that name is the run's. */}
      <button type="button" onClick={() => setPlaying(!playing)} aria-pressed={playing} aria-label="Play the frames">
        {playing ? 'Stop' : 'Play'}
      </button>
      <label htmlFor={`${id}-frame`} className={styles.srOnly}>
        Frame
      </label>
      <input
        id={`${id}-frame`}
        type="range"
        min={0}
        max={last}
        step={1}
        value={sliderIndex}
        onChange={(e) => {
          const i = Number(e.currentTarget.value);
          setPlaying(false);
          setPicked(i >= last ? null : list[i]!.step);
        }}
        aria-valuetext={`step ${formatStep(list[sliderIndex]!.step)}`}
        data-testid="frame-slider"
      />
      <span className={styles.step} data-testid="frame-step" data-step={frame ? frame.step : 'latest'}>
        {frame ? `frame ${index + 1} of ${list.length}, step ${formatStep(frame.step)}` : `newest of ${list.length} frames`}
        {cursorStep !== null && cursorIndex >= 0 ? ` (chart cursor at step ${formatStep(cursorStep)})` : ''}
      </span>
      <button type="button" onClick={download}>
        Download PNG
      </button>
    </div>
  );
}
