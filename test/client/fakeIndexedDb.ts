import * as fakeIdb from 'fake-indexeddb';
import { vi } from 'vitest';

// Node has no indexedDB: a test gets a fresh in-memory one from fake-indexeddb (undo with vi.unstubAllGlobals).
const idbGlobals = ['IDBCursor', 'IDBDatabase', 'IDBIndex', 'IDBKeyRange', 'IDBObjectStore', 'IDBRequest', 'IDBTransaction'] as const;

export function installFakeIndexedDb(): void {
  vi.stubGlobal('indexedDB', new fakeIdb.IDBFactory());
  for (const name of idbGlobals) vi.stubGlobal(name, fakeIdb[name]);
}
