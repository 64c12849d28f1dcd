/**
 * The environment pillar: imported modules mapped to distributions and pinned from one probe
 * answer (or the live kernel), a requirements file of exact pins, a Dockerfile that builds.
 */
import {
  dockerfileText,
  pinEnvironment,
  requirementsText,
  type IInterpreterAnswer
} from '../environment';
import { defaultNames } from '../exportNotebook';

const PROBE: IInterpreterAnswer = {
  version: '3.11.7',
  modules: {
    csv: { stdlib: true, found: true, distribution: null, version: null },
    sklearn: {
      stdlib: false,
      found: true,
      distribution: 'scikit-learn',
      version: '1.4.2'
    },
    yaml: {
      stdlib: false,
      found: true,
      distribution: 'PyYAML',
      version: '6.0.1'
    },
    cv2: { stdlib: false, found: false, distribution: null, version: null },
    helpers: { stdlib: false, found: true, distribution: null, version: null }
  }
};

/** A module the probe could not find. */
const absent = {
  stdlib: false,
  found: false,
  distribution: null,
  version: null
};

describe('pinEnvironment', () => {
  it('pins what the probe answers, names what it lacks, skips the standard library', () => {
    const env = pinEnvironment(['csv', 'sklearn', 'cv2', 'helpers'], {
      notebookPython: '3.11.4',
      env: null,
      probe: PROBE
    });
    expect(env.pins).toEqual([
      { name: 'PyYAML', version: '6.0.1' },
      { name: 'scikit-learn', version: '1.4.2' }
    ]);
    expect(env.unpinned).toEqual(['opencv-python']);
    expect(env.local).toEqual(['helpers']);
    expect([env.python, env.targetPython]).toEqual(['3.11.4', '3.11.7']);
  });

  it('names a namespace member by its own distribution, and a hosted-only one by its service', () => {
    const env = pinEnvironment(
      [
        'google.colab',
        'google.cloud.storage',
        'google.protobuf',
        'mpl_toolkits.mplot3d'
      ],
      {
        notebookPython: null,
        env: null,
        probe: {
          version: '3.11.7',
          modules: {
            'google.colab': absent,
            'google.cloud.storage': absent,
            'google.protobuf': {
              stdlib: false,
              found: true,
              distribution: 'protobuf',
              version: '4.25.1'
            },
            'mpl_toolkits.mplot3d': absent
          }
        }
      }
    );
    expect(env.pins).toEqual([{ name: 'protobuf', version: '4.25.1' }]);
    expect(env.unpinned).toEqual(['google-cloud-storage', 'matplotlib']);
    expect(env.hosted).toEqual([
      { unit: 'google.colab', service: 'Google Colab' }
    ]);
    const text = requirementsText('nb.ipynb', env, []);
    // Never `google`, a project of its own on PyPI.
    expect(text.split('\n')).not.toContain('google');
    expect(text).toContain(
      '# google.colab exists only on Google Colab: no pip install gives it'
    );
    // Without a probe too.
    const bare = pinEnvironment(['google.colab', 'google.cloud.storage'], {
      notebookPython: null,
      env: null,
      probe: null
    });
    expect([bare.unpinned, bare.hosted.map(h => h.unit)]).toEqual([
      ['PyYAML', 'google-cloud-storage'],
      ['google.colab']
    ]);
  });

  it("adds the notebook's own pip installs: an exact pin is the version it ran with", () => {
    const keras = {
      stdlib: false,
      found: true,
      distribution: 'keras',
      version: '3.15.1'
    };
    const env = pinEnvironment(['keras', 'sklearn', 'cv2'], {
      notebookPython: null,
      env: null,
      probe: {
        version: '3.11.7',
        modules: { ...PROBE.modules, keras, cv2: absent }
      },
      pipLines: [
        'keras==2.0.8',
        'scikit-learn',
        'openpyxl',
        'opencv-python>=4',
        'pip',
        '-r extra.txt'
      ]
    });
    // The target's keras 3 gives way to the notebook's own pin; its scikit-learn pin stands.
    expect(env.pins).toEqual([
      { name: 'PyYAML', version: '6.0.1' },
      { name: 'scikit-learn', version: '1.4.2' }
    ]);
    expect(env.pipPins).toEqual([{ name: 'keras', version: '2.0.8' }]);
    // Not imported (read_excel's engine) or not in the target: installed as written.
    expect(env.pipKept).toEqual(['opencv-python>=4', 'openpyxl']);
    expect(env.unpinned).toEqual([]);
    const text = requirementsText('nb.ipynb', env, ['rdkit']);
    const reqs = text.split('\n').filter(l => l !== '' && !l.startsWith('#'));
    expect(reqs).toEqual([
      'PyYAML==6.0.1',
      'scikit-learn==1.4.2',
      'keras==2.0.8',
      'opencv-python>=4',
      'openpyxl'
    ]);
    expect(text).toContain('# The notebook also installed: -r extra.txt rdkit');
    // A direct reference replaces the target's pin of that distribution.
    const direct = pinEnvironment(['sklearn'], {
      notebookPython: null,
      env: null,
      probe: PROBE,
      pipLines: [
        'scikit-learn @ git+https://github.com/scikit-learn/scikit-learn'
      ]
    });
    expect([direct.pins.map(p => p.name), direct.pipKept]).toEqual([
      ['PyYAML'],
      ['scikit-learn @ git+https://github.com/scikit-learn/scikit-learn']
    ]);
    // The live kernel ran what it ran: its pin stays.
    const kernel = pinEnvironment(['keras'], {
      notebookPython: null,
      env: { python: '3.11.7', os: 'Linux', packages: ['keras==2.4.0'] },
      probe: null,
      pipLines: ['keras==2.0.8']
    });
    expect([kernel.pins, kernel.pipPins]).toEqual([
      [{ name: 'keras', version: '2.4.0' }],
      []
    ]);
  });

  it('takes the live kernel packages when no interpreter was asked', () => {
    const env = pinEnvironment(['numpy'], {
      notebookPython: null,
      env: {
        python: 'CPython 3.10.2',
        os: 'Linux',
        packages: ['numpy==1.26.0']
      },
      probe: null
    });
    expect(env.pins).toEqual([{ name: 'numpy', version: '1.26.0' }]);
    expect(env.python).toBe('3.10.2');
    expect(env.unpinned).toEqual(['PyYAML']);
  });
});

describe('requirements and Dockerfile', () => {
  const env = pinEnvironment(['sklearn', 'csv'], {
    notebookPython: '3.11.4',
    env: null,
    probe: PROBE
  });
  const names = defaultNames('train.ipynb');

  it('writes exact pins only, one per line', () => {
    const text = requirementsText('train.ipynb', env, ['scikit-learn']);
    const reqs = text.split('\n').filter(l => l !== '' && !l.startsWith('#'));
    expect(reqs).toEqual(['PyYAML==6.0.1', 'scikit-learn==1.4.2']);
    expect(reqs.every(l => /^[A-Za-z0-9._-]+==[0-9][^\s]*$/.test(l))).toBe(
      true
    );
  });

  it('builds from the slim image of the notebook Python and runs the script', () => {
    const text = dockerfileText({
      notebook: 'train.ipynb',
      names,
      runtime: '_linearize_runtime.py',
      requirements: names.requirements,
      paramsFile: names.params,
      env,
      data: [
        { path: 'data/train.csv', md5: 'x', size: 1 },
        { path: '../elsewhere.csv', md5: 'y', size: 1 },
        { path: 'gone.csv', md5: null, size: null, missing: true }
      ],
      workdir: '.'
    });
    const lines = text.split('\n');
    expect(lines).toContain('FROM python:3.11.4-slim');
    expect(lines).toContain(
      'RUN pip install --no-cache-dir -r "train.requirements.txt"'
    );
    expect(lines).toContain(
      'COPY ["train.py", "_linearize_runtime.py", "train.params.yaml", "train.repro.yaml", "./"]'
    );
    expect(lines).toContain('COPY ["data/train.csv", "./data/train.csv"]');
    expect(text).not.toContain('COPY ["../elsewhere.csv"');
    expect(text).toMatch(/Data not copied.*\.\.\/elsewhere\.csv gone\.csv/);
    expect(lines[lines.length - 2]).toBe('ENTRYPOINT ["python", "train.py"]');
    // Every instruction line is a known Dockerfile instruction (no stray text).
    const instructions = lines.filter(l => l !== '' && !l.startsWith('#'));
    expect(
      instructions.every(l =>
        /^(FROM|ENV|WORKDIR|COPY|RUN|ENTRYPOINT) /.test(l)
      )
    ).toBe(true);
  });
});
