/**
 * The manifest: exactly the fields of export-rules §5, deterministic YAML that a YAML 1.2
 * loader reads back as the same object, and an injectable time.
 */
import { parse } from 'yaml';
import { exportNotebook, notebookCodeSha256 } from '..';
import { sha256 } from '../../util/sha256';
import type { IGitInfo } from '../types';
import { snapshot } from './golden';

const GIT: IGitInfo = {
  commit: '0123456789abcdef0123456789abcdef01234567',
  branch: 'main',
  remote_url: 'https://example.com/repo.git',
  dirty: true,
  dirty_policy: 'tracked',
  diff_sha256: 'ab'.repeat(32),
  subdirectory: 'notebooks'
};

const NB = snapshot([
  {
    source:
      'import pandas as pd\ndf = pd.read_csv("data/train.csv")\nlr = 0.5\nnp.random.seed(7)\nraw = pd.read_csv("https://example.com/a.csv")',
    count: 1
  },
  { type: 'markdown', source: '# Notes' },
  { source: 'print(lr)\ndf.to_csv("out/preds.csv")', count: 2 }
]);

describe('manifest', () => {
  const plan = exportNotebook(NB, null, {
    notebook: 'notebooks/nb.ipynb',
    createdAt: '2024-02-03T04:05:06.000Z',
    toolVersion: '1.2.3',
    git: GIT,
    data: [
      { path: 'z.csv', md5: null, size: null },
      {
        path: 'data/train.csv',
        md5: 'd41d8cd98f00b204e9800998ecf8427e',
        size: 0
      }
    ],
    env: { python: '3.11.7', os: 'Linux', packages: ['numpy==1.26.0'] }
  });
  const yamlText = plan.files[2].text;
  const doc = parse(yamlText) as Record<string, unknown>;

  it('has exactly the fields of export-rules §5, in order', () => {
    expect(Object.keys(doc)).toEqual([
      'git',
      'source',
      'params',
      'data',
      'sources',
      'outputs',
      'seeds',
      'env',
      'tool',
      'created_at'
    ]);
    expect(Object.keys(doc.git as object)).toEqual([
      'commit',
      'branch',
      'remote_url',
      'dirty',
      'dirty_policy',
      'diff_sha256',
      'subdirectory'
    ]);
    expect(Object.keys(doc.source as object)).toEqual([
      'notebook',
      'notebook_sha256',
      'verdict'
    ]);
    expect(Object.keys(doc.params as object)).toEqual(['file', 'sha256']);
    expect(Object.keys(doc.env as object)).toEqual([
      'python',
      'os',
      'packages'
    ]);
    expect(Object.keys(doc.tool as object)).toEqual(['name', 'version']);
  });

  it('reads back as the manifest object', () => {
    expect(doc).toEqual(JSON.parse(JSON.stringify(plan.manifest)));
    expect(doc.created_at).toBe('2024-02-03T04:05:06.000Z');
    expect(doc.tool).toEqual({ name: 'linearize', version: '1.2.3' });
    expect(doc.git).toEqual(GIT);
    // Sorted by path, DVC's names.
    expect(doc.data).toEqual([
      {
        path: 'data/train.csv',
        md5: 'd41d8cd98f00b204e9800998ecf8427e',
        size: 0,
        param: 'data.read_csv.path'
      },
      { path: 'z.csv', md5: null, size: null }
    ]);
  });

  it('lists what the code writes, downloads and seeds, with their config keys', () => {
    expect(doc.outputs).toEqual([
      { path: 'out/preds.csv', param: 'outputs.to_csv.path' }
    ]);
    expect(doc.sources).toEqual([
      { url: 'https://example.com/a.csv', param: 'data.read_csv.path_2' }
    ]);
    expect(doc.seeds).toEqual([
      {
        call: 'np.random.seed',
        keyword: null,
        value: '7',
        param: 'seeds.np.random.seed'
      }
    ]);
  });

  it('points readers to the README, not to a design note they do not have', () => {
    expect(yamlText).toContain(
      '"Manifest fields" in the jupyterlab-linearize README'
    );
    expect(yamlText).not.toContain('shared/design');
  });

  it('hashes the params file it names, and the code only', () => {
    expect(plan.manifest.params).toEqual({
      file: 'nb.params.yaml',
      sha256: sha256(plan.files[1].text)
    });
    expect(plan.manifest.source.notebook_sha256).toBe(
      sha256(JSON.stringify([NB.cells[0].source, NB.cells[2].source]))
    );
    const edited = snapshot([{ source: 'x = 2' }]);
    expect(notebookCodeSha256(edited)).not.toBe(
      plan.manifest.source.notebook_sha256
    );
  });

  it('records the verdict with its findings', () => {
    const verdict = (
      doc.source as {
        verdict: {
          linear: boolean;
          recorded: boolean;
          findings: { kind: string; names: string[] }[];
        };
      }
    ).verdict;
    expect(verdict.linear).toBe(plan.verdict.linear);
    expect(verdict.recorded).toBe(false);
    // The order verdicts, plus what the code alone shows of the other pillars (issue 12).
    const pillars = verdict.findings.filter(f => f.kind === 'network-read');
    expect(pillars.map(f => f.names)).toEqual([['https://example.com/a.csv']]);
    expect(verdict.findings).toHaveLength(
      plan.verdict.findings.length + pillars.length
    );
  });

  it('has null git and empty env fields without a repository or kernel', () => {
    const bare = exportNotebook(NB, null, {
      notebook: 'nb.ipynb',
      createdAt: 'T',
      noParams: true
    });
    const m = parse(bare.files[1].text) as Record<
      string,
      Record<string, unknown>
    >;
    expect(Object.values(m.git).every(v => v === null)).toBe(true);
    expect(m.env).toEqual({ python: null, os: null, packages: [] });
    expect(m.params).toEqual({ file: null, sha256: null });
    expect(bare.files.map(f => f.name)).toEqual([
      'nb.py',
      'nb.repro.yaml',
      '_linearize_runtime.py',
      'nb.requirements.txt',
      'nb.Dockerfile'
    ]);
  });

  it('quotes every string, so YAML 1.1 loaders agree', () => {
    const tricky = exportNotebook(NB, null, {
      notebook: 'yes: no #.ipynb',
      createdAt: 'on',
      git: { ...GIT, branch: 'null', remote_url: '0755' }
    });
    const m = parse(tricky.files[2].text) as {
      git: IGitInfo;
      created_at: string;
      source: { notebook: string };
    };
    expect(m.git.branch).toBe('null');
    expect(m.git.remote_url).toBe('0755');
    expect(m.created_at).toBe('on');
    expect(m.source.notebook).toBe('yes: no #.ipynb');
  });
});

describe('the four pillars at a glance', () => {
  it('counts parameters, pins, files, outputs and downloads, and says what is missing', () => {
    const plan = exportNotebook(NB, null, {
      notebook: 'nb.ipynb',
      createdAt: '2024-02-03T04:05:06.000Z',
      git: GIT,
      data: [
        {
          path: 'data/train.csv',
          md5: 'd41d8cd98f00b204e9800998ecf8427e',
          size: 0
        },
        { path: 'gone.csv', md5: null, size: null, missing: true }
      ],
      env: {
        python: 'CPython 3.11.7',
        os: 'Linux',
        packages: ['pandas==2.2.0']
      }
    });
    expect(plan.pillars.map(p => [p.pillar, p.text, p.missing])).toEqual([
      [
        'code',
        'commit 0123456789 with uncommitted changes',
        'uncommitted changes: commit them so the commit names this code'
      ],
      ['config', '5 parameters in nb.params.yaml', null],
      // The live kernel did not import PyYAML (the runtime's), so nobody told its version.
      ['environment', 'Python 3.11.7, 1 package pinned', 'not pinned: PyYAML'],
      [
        'data',
        '1 file hashed, 1 output, 1 download',
        'missing: gone.csv; 1 download not pinned by a hash'
      ]
    ]);
  });
});
