/** Exit codes of every sub-command (documented in the README). */
export const EXIT = {
  /** Nothing at or above the threshold. */
  ok: 0,
  /** Findings at or above the threshold. */
  findings: 1,
  /** Usage error, unreadable input, or not implemented. */
  usage: 2
} as const;
