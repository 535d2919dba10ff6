import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PanelBoundary } from '../../src/ui/PanelBoundary';

// Server rendering runs no error boundaries, so the boundary's two halves are checked directly;
// the browser test (test/e2e/page.test.ts) sees it catch a chunk that failed to load.
describe('PanelBoundary', () => {
  it('turns any thrown value into an Error for its state', () => {
    expect(PanelBoundary.getDerivedStateFromError(new TypeError('x is undefined')).error?.message).toBe('x is undefined');
    expect(PanelBoundary.getDerivedStateFromError('chunk failed').error?.message).toBe('chunk failed');
  });

  it('renders its children, or after an error a message naming the panel and what to do', () => {
    const boundary = new PanelBoundary({ name: 'charts', children: createElement('p', null, 'the charts') });
    expect(renderToStaticMarkup(boundary.render() as never)).toBe('<p>the charts</p>');
    boundary.state = PanelBoundary.getDerivedStateFromError(new Error('Failed to fetch dynamically imported module'));
    const html = renderToStaticMarkup(boundary.render() as never);
    expect(html).toMatch(/^<div role="alert"/);
    expect(html).toContain('<strong>The charts stopped working:</strong> Failed to fetch dynamically imported module');
    expect(html).toContain('Try again');
    expect(html).toContain('reload the page');
  });
});
