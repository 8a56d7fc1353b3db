/**
 * Runs `task` once other waiting work (requests, I/O) has had its turn: Node's setImmediate, or a
 * zero timeout where there is none (a browser, MSW's worker page), so the core's modules that give
 * way run in both.
 */
export const nextTurn: (task: () => void) => void =
  typeof setImmediate === 'function' ? (task) => void setImmediate(task) : (task) => void setTimeout(task, 0);
