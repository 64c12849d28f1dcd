/**
 * `linearize check --format sarif`: a SARIF 2.1.0 log (GitHub code scanning and most CI
 * dashboards read it). One rule per verdict, one result per finding, located on the line
 * of the `.ipynb` where the flagged cell's source begins, with the cell id and 1-based
 * index as a logical location. Unreadable notebooks and notes become tool notifications.
 */
import { createHash } from 'node:crypto';
import { KINDS, SEVERITY, type IFinding, type Severity } from '../../core';
import type { ICheckedNotebook } from '../report';
import { VERSION } from '../version';
import { plain, README_URL, RULES } from './rules';
import { findingLine, relativeUri } from './where';

const SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note'
};

/** The SARIF log for these results; paths are made relative to `cwd` (the repository root in CI). */
export function toSarif(
  results: readonly ICheckedNotebook[],
  cwd: string
): Record<string, unknown> {
  const ruleIndex = new Map(KINDS.map((k, i) => [k, i]));
  const notifications: Record<string, unknown>[] = [];
  const sarifResults: Record<string, unknown>[] = [];
  for (const r of results) {
    const uri = relativeUri(r.path, cwd);
    const artifact = { uri, uriBaseId: '%SRCROOT%' };
    if (r.error !== null) {
      notifications.push({
        level: 'error',
        message: { text: `${r.path}: cannot check: ${r.error}` },
        locations: [{ physicalLocation: { artifactLocation: artifact } }]
      });
      continue;
    }
    for (const note of r.notes) {
      notifications.push({
        level: 'note',
        message: { text: `${r.path}: ${note}` },
        locations: [{ physicalLocation: { artifactLocation: artifact } }]
      });
    }
    for (const f of r.findings) {
      sarifResults.push(result(f, r, artifact, ruleIndex.get(f.kind) ?? -1));
    }
  }
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'linearize',
            semanticVersion: VERSION,
            version: VERSION,
            informationUri: README_URL.replace(/#.*$/, ''),
            rules: KINDS.map(kind => ({
              id: kind,
              name: kind,
              shortDescription: { text: plain(RULES[kind].means) },
              fullDescription: { text: plain(RULES[kind].means) },
              help: {
                text: `${plain(RULES[kind].means)}. ${RULES[kind].fix}`,
                markdown: `\`${kind}\`: ${RULES[kind].means}.\n\n${RULES[kind].fix}`
              },
              helpUri: README_URL,
              defaultConfiguration: { level: LEVEL[SEVERITY[kind]] },
              properties: { tags: ['reproducibility', 'notebook'] }
            }))
          }
        },
        originalUriBaseIds: {
          '%SRCROOT%': { uri: pathToFileUri(cwd) }
        },
        invocations: [
          {
            executionSuccessful: !results.some(r => r.error !== null),
            toolExecutionNotifications: notifications
          }
        ],
        results: sarifResults
      }
    ]
  };
}

function result(
  f: IFinding,
  r: ICheckedNotebook,
  artifact: { uri: string; uriBaseId: string },
  ruleIndex: number
): Record<string, unknown> {
  const logical =
    f.cell === null
      ? []
      : [
          {
            name: f.cell.id,
            fullyQualifiedName:
              f.cell.index === null
                ? `deleted cell ${f.cell.id}`
                : `cell ${f.cell.index + 1}`,
            kind: 'element',
            properties: {
              cellId: f.cell.id,
              cellIndex: f.cell.index === null ? null : f.cell.index + 1
            }
          }
        ];
  const properties: Record<string, unknown> = {
    severity: f.severity,
    names: [...f.names],
    related: f.related.map(c => ({
      id: c.id,
      index: c.index === null ? null : c.index + 1
    })),
    rerun: [...f.rerun]
  };
  if (f.reason !== undefined) {
    properties.reason = f.reason;
  }
  return {
    ruleId: f.kind,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact,
          region: { startLine: findingLine(f, r) }
        },
        logicalLocations: logical
      }
    ],
    // Stable across edits that move lines: code scanning matches alerts between runs by it.
    partialFingerprints: {
      'linearizeFinding/v1': createHash('sha256')
        .update(
          JSON.stringify([artifact.uri, f.kind, f.cell?.id ?? null, f.names])
        )
        .digest('hex')
    },
    properties
  };
}

function pathToFileUri(dir: string): string {
  const posix = dir.replace(/\\/g, '/');
  const withSlash = posix.endsWith('/') ? posix : `${posix}/`;
  return `file://${withSlash.startsWith('/') ? '' : '/'}${withSlash
    .split('/')
    .map(encodeURIComponent)
    .join('/')}`;
}
