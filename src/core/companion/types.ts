/**
 * What the kernel companion answers, as plain data. Every request resolves to a
 * `CompanionResult`: a value, or the reason there is none. Nothing here throws.
 */

import type { IRebinding } from '../types';

/** Why the companion has no answer. */
export type UnavailableReason =
  /** No kernel, or the kernel connection was disposed. */
  | 'no-kernel'
  /** The kernel is not a Python kernel (`language_info.name`). */
  | 'not-python'
  /** The kernel died. */
  | 'dead'
  /** The kernel stayed idle for the whole timeout without answering. */
  | 'timeout'
  /** The kernel refused the silent request or does not evaluate user expressions. */
  | 'refused'
  /** The request never ran: the kernel aborted it (an earlier cell raised) or restarted. */
  | 'aborted'
  /** Our Python raised in the kernel (the message says what). */
  | 'error'
  /** The reply does not have the shape we expect. */
  | 'malformed'
  /** The companion module is absent from the kernel (restart, first use). */
  | 'not-installed'
  /** The companion was disposed. */
  | 'disposed';

/** A value, or why there is none. */
export type CompanionResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly reason: UnavailableReason;
      readonly message: string;
    };

/** The companion's state, as said once to the user when it changes. */
export interface ICompanionStatus {
  /** `pending` until the first install answer; `unavailable` keeps the reason. */
  readonly state: 'pending' | 'ready' | 'unavailable';
  readonly reason?: UnavailableReason;
  /** One line a person understands. */
  readonly message: string;
}

/** The answer of `install`. */
export interface IInstallInfo {
  readonly version: number;
  /** False when the kernel has no IPython event hooks: no re-binding facts then. */
  readonly hook: boolean;
  /** The kernel's next execution count at install time, when it has one. */
  readonly count: number | null;
}

/** The answer of `rebind(since)`. */
export interface IRebindReply {
  readonly hook: boolean;
  /** First execution count recorded since install (null: none yet). */
  readonly first: number | null;
  /** Re-binding facts by execution count. */
  readonly runs: ReadonlyMap<number, IRebinding>;
}

/** The answer of `delete(names)`. */
export interface IDeleteReply {
  readonly deleted: readonly string[];
  /** Not bound in the kernel (already gone). */
  readonly missing: readonly string[];
  /** Not identifiers, or IPython's own names (`In`, `_`, …): never deleted. */
  readonly refused: readonly string[];
}

/** One distribution the session imported. */
export interface IPackage {
  /** Distribution name as its metadata spells it (`PyYAML`). */
  readonly name: string;
  readonly version: string;
  /** The top-level modules of it that were imported (`yaml`). */
  readonly modules: readonly string[];
}

/** The environment of the live kernel (export-rules.md §5, `env.*`). */
export interface IKernelEnvironment {
  /** `3.11.7` */
  readonly python: string;
  /** `CPython`, `PyPy` */
  readonly implementation: string;
  /** `platform.platform()`: `Linux-6.1.0-x86_64-with-glibc2.36` */
  readonly os: string;
  /** `Linux`, `Darwin`, `Windows` */
  readonly system: string;
  /** `x86_64`, `arm64` */
  readonly machine: string;
  /** Sorted by normalized name. */
  readonly packages: readonly IPackage[];
  /** Imported top-level modules that are files under the kernel's working directory. */
  readonly local: readonly string[];
}

/** Why a path was not hashed. */
export type FingerprintRefusal =
  'absolute' | 'parent' | 'home' | 'url' | 'empty' | 'invalid';

/** Why hashing a path failed. */
export type FingerprintError =
  'too-large' | 'too-many-files' | 'unreadable' | 'unsupported' | 'interrupted';

/** The fingerprint of one requested path, as given (relative to the kernel's cwd). */
export type IFingerprint =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly md5: string;
      readonly size: number;
    }
  | {
      readonly kind: 'folder';
      readonly path: string;
      /** DVC's directory id: md5 of the JSON listing, with `.dir` appended. */
      readonly md5: string;
      /** Total bytes of the files. */
      readonly size: number;
      readonly nfiles: number;
    }
  | { readonly kind: 'missing'; readonly path: string }
  | {
      readonly kind: 'refused';
      readonly path: string;
      readonly reason: FingerprintRefusal;
    }
  | {
      readonly kind: 'error';
      readonly path: string;
      readonly reason: FingerprintError;
      readonly message?: string;
    };

/** A manifest `data[]` entry: DVC's field names, so `dvc add` agrees. */
export interface IDataEntry {
  readonly path: string;
  readonly md5: string;
  readonly size: number;
  readonly nfiles?: number;
}

/** Limits of one `fingerprint` request; hashing runs in the kernel and blocks it meanwhile. */
export interface IFingerprintLimits {
  /** Bytes read at most over the whole request (default: the data rule's, 1 GiB). */
  readonly maxBytes?: number;
  /** Files per folder at most (default: the data rule's, 10,000). */
  readonly maxFiles?: number;
}
