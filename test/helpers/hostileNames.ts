/** Names every plain object already has (or that set its prototype): valid loss names all the same. */
export const HOSTILE_NAMES = ['toString', 'constructor', 'valueOf', 'hasOwnProperty', '__proto__'] as const;
