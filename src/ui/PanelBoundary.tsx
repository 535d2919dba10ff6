import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface PanelBoundaryProps {
  /** What the panel is, for the message: "charts", "spec editor"... */
  readonly name: string;
  readonly children: ReactNode;
}

interface State {
  readonly error: Error | null;
}

/**
 * A panel that fails (a render error, a chunk that did not load) shows what went wrong in its
 * place; the rest of the page, and the training in the worker, go on. Without it React
 * unmounts the whole page on any render error: a blank page.
 */
export class PanelBoundary extends Component<PanelBoundaryProps, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error(`The ${this.props.name} failed:`, error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div role="alert" className="panel-error">
        <p>
          <strong>The {this.props.name} stopped working:</strong> {error.message}
        </p>
        <p>
          Training is not affected and runs are kept.{' '}
          <button type="button" onClick={() => this.setState({ error: null })}>
            Try again
          </button>{' '}
          or reload the page if it keeps happening.
        </p>
      </div>
    );
  }
}
