import { useMemo } from 'react';
import type { ColormapName } from './colormaps';
import { colorScaleStops, cssGradient } from './heat';
import styles from './maps.module.css';

/** Stops per gradient: enough that the CSS interpolation between them matches the map. */
const STOPS = 16;

/** A colour map drawn left (min) to right (max). Decorative: the labels beside it carry the values. */
export function ColorBar({ colormap, className }: { readonly colormap: ColormapName; readonly className?: string }) {
  const background = useMemo(() => cssGradient(colorScaleStops(colormap, STOPS)), [colormap]);
  return <div className={[styles.scale, className].filter(Boolean).join(' ')} style={{ background }} aria-hidden="true" />;
}
