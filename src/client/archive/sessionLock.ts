// Which page sessions are alive, through the Web Locks API: each page holds a lock named after
// its archive session for as long as it lives, and a page loading later asks which are held.
// A run recorded by a live session (another tab) is training, not interrupted.

const PREFIX = 'gan-loss-playground-session:';

interface LockManagerLike {
  request(name: string, callback: () => Promise<unknown>): Promise<unknown>;
  query(): Promise<{ held?: { name?: string }[] }>;
}

function lockManager(): LockManagerLike | null {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return locks && typeof locks.request === 'function' && typeof locks.query === 'function' ? locks : null;
}

/** Holds this session's lock until the page goes away (the browser releases it then). */
export function holdSessionLock(session: string, locks: LockManagerLike | null = lockManager()): void {
  void locks?.request(PREFIX + session, () => new Promise<never>(() => undefined)).catch(() => undefined);
}

/**
 * A test of whether a session is alive in some page. Without Web Locks (old browsers, Node) no
 * other page can be seen, so every other session counts as gone.
 */
export async function liveSessions(locks: LockManagerLike | null = lockManager()): Promise<(session: string) => boolean> {
  if (!locks) return () => false;
  try {
    const { held = [] } = await locks.query();
    const names = new Set(held.flatMap((lock) => (lock.name?.startsWith(PREFIX) ? [lock.name.slice(PREFIX.length)] : [])));
    return (session) => names.has(session);
  } catch {
    return () => false;
  }
}
