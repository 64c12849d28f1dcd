/** What the pillar tests tell the verdicts about files and interpreters. */
import type { IFilePort, IModuleInfo } from '..';

/** A folder with nothing in it beside the notebook. */
export const NO_FILES: IFilePort = {
  kind: () => null,
  globCount: () => 0,
  md5: () => null,
  pinned: () => null
};

/** A module installed from `distribution` at `version`. */
export function installed(distribution: string, version: string): IModuleInfo {
  return { stdlib: false, found: true, distribution, version };
}

/** A module the interpreter cannot import. */
export const ABSENT: IModuleInfo = {
  stdlib: false,
  found: false,
  distribution: null,
  version: null
};

/** A standard-library module. */
export const STANDARD: IModuleInfo = {
  stdlib: true,
  found: true,
  distribution: null,
  version: null
};
