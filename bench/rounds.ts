/**
 * The order round `run` (from 1) measures the servers in: as started in odd rounds, reversed in
 * even ones. A server measured before another in one round is measured after it in the next, so a
 * machine that slows (or speeds up) steadily through a run favours neither in their pairs.
 */
export function roundOrder<Server>(servers: readonly Server[], run: number): readonly Server[] {
  return run % 2 === 1 ? servers : [...servers].reverse();
}
