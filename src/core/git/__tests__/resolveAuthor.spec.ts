import { execFileSync } from 'child_process';
import { promises as fsp, mkdirSync } from 'fs';
import { join } from 'path';
import {
  parseGitDate,
  resolveAuthor,
  type IResolveAuthorOptions
} from '../index';
import { Sandbox } from './gitFixture';

let box: Sandbox;
let repo: string;
beforeEach(() => {
  box = new Sandbox();
  repo = box.basicRepo();
  mkdirSync(join(box.home, '.config', 'git'), { recursive: true });
});
afterEach(() => box.dispose());

const NOW = new Date(Date.UTC(2024, 0, 31, 12, 0, 0));
const readFile: IResolveAuthorOptions['readFile'] = path =>
  fsp.readFile(path, 'utf8');

/** A clean environment: HOME in the sandbox, no identity variables. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: box.home,
    GIT_CONFIG_NOSYSTEM: '1',
    ...extra
  };
}

/** Sets a key in a config file with git itself, so the files are in git's real syntax. */
function setConfig(file: string, key: string, value: string): void {
  execFileSync('git', ['config', '--file', file, key, value], { env: env() });
}

/** What git itself resolves (the oracle): `git var GIT_AUTHOR_IDENT` in the repository. */
function gitIdent(
  variables: Record<string, string>,
  which: 'AUTHOR' | 'COMMITTER'
): string {
  const ident = execFileSync('git', ['var', `GIT_${which}_IDENT`], {
    cwd: repo,
    env: env(variables),
    encoding: 'utf8'
  });
  return ident.replace(/ \d+ [+-]\d{4}\n?$/, '');
}

async function ours(
  variables: Record<string, string> = {}
): Promise<{ author: string; committer: string }> {
  const result = await resolveAuthor({
    env: env(variables),
    readFile,
    gitdir: join(repo, '.git'),
    now: NOW
  });
  return {
    author: `${result.author.name} <${result.author.email}>`,
    committer: `${result.committer.name} <${result.committer.email}>`
  };
}

const XDG = (): string => join(box.home, '.config', 'git', 'config');
const GLOBAL = (): string => join(box.home, '.gitconfig');
const LOCAL = (): string => join(repo, '.git', 'config');

describe('resolveAuthor agrees with git on the order of precedence', () => {
  it.each([
    [
      'the XDG config alone',
      () => {
        setConfig(XDG(), 'user.name', 'Xdg');
        setConfig(XDG(), 'user.email', 'xdg@example.org');
      },
      {}
    ],
    [
      '~/.gitconfig over the XDG config',
      () => {
        setConfig(XDG(), 'user.name', 'Xdg');
        setConfig(XDG(), 'user.email', 'xdg@example.org');
        setConfig(GLOBAL(), 'user.name', 'Global');
      },
      {}
    ],
    [
      'the repository config over the global one',
      () => {
        setConfig(GLOBAL(), 'user.name', 'Global');
        setConfig(GLOBAL(), 'user.email', 'global@example.org');
        setConfig(LOCAL(), 'user.email', 'local@example.org');
      },
      {}
    ],
    [
      'the environment over every config',
      () => {
        setConfig(LOCAL(), 'user.name', 'Local');
        setConfig(LOCAL(), 'user.email', 'local@example.org');
      },
      {
        GIT_AUTHOR_NAME: 'Env Author',
        GIT_COMMITTER_EMAIL: 'env-committer@example.org'
      }
    ],
    [
      'author.* and committer.* over user.*, wherever they are',
      () => {
        setConfig(GLOBAL(), 'author.name', 'Global Author');
        setConfig(LOCAL(), 'user.name', 'Local User');
        setConfig(LOCAL(), 'user.email', 'local@example.org');
        setConfig(LOCAL(), 'committer.email', 'committer@example.org');
      },
      {}
    ],
    [
      'EMAIL when no config has an email',
      () => setConfig(GLOBAL(), 'user.name', 'Global'),
      { EMAIL: 'from-env@example.org' }
    ],
    [
      '$GIT_CONFIG_GLOBAL instead of ~/.gitconfig',
      () => {
        setConfig(GLOBAL(), 'user.name', 'Ignored');
        setConfig(GLOBAL(), 'user.email', 'ignored@example.org');
        setConfig(join(box.root, 'other.gitconfig'), 'user.name', 'Other');
        setConfig(
          join(box.root, 'other.gitconfig'),
          'user.email',
          'other@example.org'
        );
      },
      { GIT_CONFIG_GLOBAL: '' }
    ]
  ])('%s', async (_name, arrange, variables: Record<string, string>) => {
    arrange();
    const vars = { ...variables };
    if ('GIT_CONFIG_GLOBAL' in vars) {
      vars.GIT_CONFIG_GLOBAL = join(box.root, 'other.gitconfig');
    }

    const result = await ours(vars);

    expect(result.author).toBe(gitIdent(vars, 'AUTHOR'));
    expect(result.committer).toBe(gitIdent(vars, 'COMMITTER'));
  });

  it('reads quoted values, escapes, comments and subsections like git', async () => {
    box.write(
      '.gitconfig-src',
      [
        '# a comment',
        '[remote "origin"]',
        '\turl = https://example.org/x.git',
        '[User]',
        '\tName = "Ada \\"The Countess\\" Lovelace" ; trailing comment',
        '\temail = ada@example.org\\',
        '.uk',
        ''
      ].join('\n')
    );
    await fsp.copyFile(box.path('.gitconfig-src'), GLOBAL());

    const result = await ours();

    expect(result.author).toBe(gitIdent({}, 'AUTHOR'));
    expect(result.author).toBe(
      'Ada "The Countess" Lovelace <ada@example.org.uk>'
    );
  });

  it('says which source each part came from', async () => {
    setConfig(GLOBAL(), 'user.name', 'Global');
    setConfig(LOCAL(), 'user.email', 'local@example.org');

    const result = await resolveAuthor({
      env: env({ GIT_COMMITTER_NAME: 'C' }),
      readFile,
      gitdir: join(repo, '.git'),
      now: NOW
    });

    expect(result.sources).toEqual({
      'author.name': `${GLOBAL()} (user.name)`,
      'author.email': `${LOCAL()} (user.email)`,
      'committer.name': 'GIT_COMMITTER_NAME',
      'committer.email': `${LOCAL()} (user.email)`
    });
    expect(result.author).toMatchObject({ timestamp: NOW.getTime() / 1000 });
  });

  it('throws NoAuthorError naming what is missing and where it looked', async () => {
    setConfig(GLOBAL(), 'user.name', 'Only A Name');

    const error = await resolveAuthor({
      env: env(),
      readFile,
      gitdir: join(repo, '.git')
    }).catch(e => e);

    expect(error.code).toBe('NoAuthorError');
    expect(error.data.missing).toEqual(['author.email', 'committer.email']);
    expect(error.data.looked).toEqual(
      expect.arrayContaining([
        'GIT_AUTHOR_EMAIL',
        XDG(),
        GLOBAL(),
        LOCAL(),
        'EMAIL'
      ])
    );
    expect(error.message).toContain('git config --global user.email');
  });

  it('takes the dates from GIT_AUTHOR_DATE and GIT_COMMITTER_DATE', async () => {
    const result = await resolveAuthor({
      env: env({
        GIT_AUTHOR_NAME: 'A',
        GIT_AUTHOR_EMAIL: 'a@example.org',
        GIT_COMMITTER_NAME: 'C',
        GIT_COMMITTER_EMAIL: 'c@example.org',
        GIT_AUTHOR_DATE: '1700000000 +0130',
        GIT_COMMITTER_DATE: '2024-01-31T12:00:00-05:00'
      }),
      readFile
    });

    expect(result.author).toEqual({
      name: 'A',
      email: 'a@example.org',
      timestamp: 1700000000,
      timezoneOffset: -90
    });
    expect(result.committer).toEqual({
      name: 'C',
      email: 'c@example.org',
      timestamp: Date.UTC(2024, 0, 31, 17) / 1000,
      timezoneOffset: 300
    });
  });

  it('refuses an unreadable date with InvalidDateError', async () => {
    const error = await resolveAuthor({
      env: env({
        GIT_AUTHOR_NAME: 'A',
        GIT_AUTHOR_EMAIL: 'a@x',
        GIT_COMMITTER_NAME: 'A',
        GIT_COMMITTER_EMAIL: 'a@x',
        GIT_AUTHOR_DATE: 'yesterday'
      }),
      readFile
    }).catch(e => e);

    expect(error.code).toBe('InvalidDateError');
  });
});

describe('parseGitDate', () => {
  it.each([
    ['@1700000000 +0000', { timestamp: 1700000000, timezoneOffset: 0 }],
    ['1700000000 -0800', { timestamp: 1700000000, timezoneOffset: 480 }],
    ['2024-01-31T12:00:00Z', { timestamp: 1706702400, timezoneOffset: 0 }],
    [
      '2024-01-31 13:00:00+01:00',
      { timestamp: 1706702400, timezoneOffset: -60 }
    ],
    ['not a date', undefined]
  ])('%s', (text, expected) => {
    expect(parseGitDate(text)).toEqual(expected);
  });
});
