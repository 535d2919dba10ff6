import type { RefObject } from 'react';

/** Sets an element's text from an animation frame, skipping the DOM write when it is unchanged. */
export function setText(ref: RefObject<HTMLElement | null>, text: string): void {
  const element = ref.current;
  if (element && element.textContent !== text) element.textContent = text;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
