/**
 * Dotted names as the notebook writes them and as the tables name them: `np.random.rand`
 * with `import numpy as np` is `numpy.random.rand`.
 */
import { conventionalModule } from '../../companion/readCalls';

/** The canonical name of `parts` through the notebook's import aliases (`np` → `numpy`). */
export function canonical(
  parts: readonly string[],
  aliases: ReadonlyMap<string, string>
): string {
  let name = aliases.get(parts[0]) ?? conventionalModule(parts[0]) ?? parts[0];
  for (let i = 1; i < parts.length; i++) {
    name += `.${parts[i]}`;
  }
  return name;
}

/** How many `.` a dotted name holds. */
export function dots(name: string): number {
  let n = 0;
  for (let i = name.indexOf('.'); i >= 0; i = name.indexOf('.', i + 1)) {
    n++;
  }
  return n;
}
