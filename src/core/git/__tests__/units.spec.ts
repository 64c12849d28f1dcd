import { createHash, randomBytes } from 'crypto';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { encodeUtf8, sha256, Sha256, utf8Encode } from '../../util/sha256';
import { parseGitConfig } from '../gitConfig';
import { stripCredentials } from '../index';
import { utf8Decode } from '../utf8';
import {
  dirname,
  join as joinPosix,
  normalize,
  relativeInside
} from '../posixPath';

describe('sha256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(sha256('')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    );
    expect(sha256('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
    );
    expect(
      sha256('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')
    ).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it("agrees with Node's crypto at every length around the block boundaries", () => {
    for (let length = 0; length <= 200; length++) {
      const data = randomBytes(length);
      expect(sha256(data)).toBe(
        createHash('sha256').update(data).digest('hex')
      );
    }
    const big = randomBytes(3 * 1024 * 1024 + 7);
    expect(sha256(big)).toBe(createHash('sha256').update(big).digest('hex'));
  });

  it('gives the same digest fed in pieces', () => {
    const data = randomBytes(1000);
    const hash = new Sha256();
    for (let i = 0; i < data.length; i += 37) {
      hash.update(data.subarray(i, i + 37));
    }
    expect(hash.digest()).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('gives the same digest for any split of mixed text, whole blocks included', () => {
    const alphabet = ['a', 'é', '日', '😀', '\ud800', '\n', 'xyz0123456789'];
    for (let n = 0; n < 200; n++) {
      let text = '';
      for (let i = 0; i < (n * 7) % 190; i++) {
        text += alphabet[(i * 31 + n) % alphabet.length];
      }
      const bytes = Buffer.from(new TextEncoder().encode(text));
      expect(Buffer.from(utf8Encode(text)).equals(bytes)).toBe(true);
      expect(utf8Encode(text).buffer.byteLength).toBe(bytes.length);
      // The loop a host without TextEncoder uses gives the same bytes.
      expect(Buffer.from(encodeUtf8(text)).equals(bytes)).toBe(true);
      expect(encodeUtf8(text).buffer.byteLength).toBe(bytes.length);
      expect(sha256(text)).toBe(
        createHash('sha256').update(text).digest('hex')
      );
      // Pieces of bytes (a string split mid-pair would hash its halves as U+FFFD).
      const hash = new Sha256();
      const step = 1 + (n % 97);
      for (let i = 0; i < bytes.length; i += step) {
        hash.update(new Uint8Array(bytes.subarray(i, i + step)));
      }
      expect(hash.digest()).toBe(
        createHash('sha256').update(text).digest('hex')
      );
    }
  });

  it('hashes strings as UTF-8, lone surrogates as U+FFFD like TextEncoder', () => {
    for (const text of [
      'héllo wörld',
      '日本語',
      '😀 emoji',
      'lone \ud800 high',
      'lone \udc00 low'
    ]) {
      expect(
        Buffer.from(utf8Encode(text)).equals(
          Buffer.from(new TextEncoder().encode(text))
        )
      ).toBe(true);
      expect(sha256(text)).toBe(
        createHash('sha256').update(text, 'utf8').digest('hex')
      );
    }
  });

  it('decodes UTF-8 like TextDecoder, bad bytes included', () => {
    const samples = [
      Buffer.from('héllo 日本語 😀'),
      Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82]),
      Buffer.from([0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80])
    ];
    for (const bytes of samples) {
      const ours = utf8Decode(bytes);
      const theirs = new TextDecoder().decode(bytes);
      // Both replace invalid input with U+FFFD; they may group bad bytes differently.
      expect(ours.replace(/\ufffd+/g, '?')).toBe(
        theirs.replace(/\ufffd+/g, '?')
      );
    }
  });
});

describe('stripCredentials', () => {
  it.each([
    ['https://user:tok@host/x', 'https://host/x'],
    [
      'https://ghp_token@github.com/org/repo.git',
      'https://github.com/org/repo.git'
    ],
    ['http://u:p@host:8080/x?y=1', 'http://host:8080/x?y=1'],
    ['ssh://git:secret@host/x.git', 'ssh://git@host/x.git'],
    ['ssh://git@host/x.git', 'ssh://git@host/x.git'],
    ['git@github.com:org/repo.git', 'git@github.com:org/repo.git'],
    ['/srv/git/repo.git', '/srv/git/repo.git'],
    ['https://host/path@with-at', 'https://host/path@with-at']
  ])('%s → %s', (url, expected) => {
    expect(stripCredentials(url)).toBe(expected);
  });
});

describe('parseGitConfig', () => {
  it('reads what git reads (git config --list is the oracle)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linearize-config-'));
    try {
      const file = join(dir, 'config');
      writeFileSync(
        file,
        [
          '; comment',
          '[core]',
          '\tbare = false',
          '\tfilemode',
          '[remote "origin"]',
          '\turl = https://example.org/a.git # trailing',
          '[Remote "Other"] url = "spaced  value" ',
          '[section.Sub]',
          '\tkey = a\\tb\\\\c "quoted ; not a comment"',
          '[user]',
          '    name = Ada   Lovelace  ',
          '\temail = ada@\\',
          'example.org',
          ''
        ].join('\n')
      );
      const git = execFileSync('git', ['config', '--file', file, '--list'], {
        encoding: 'utf8'
      })
        .trimEnd()
        .split('\n')
        // git lists a bare key (a boolean) without a value; we read it as "true".
        .map(line => (line.includes('=') ? line : `${line}=true`));
      const ours = parseGitConfig(readFileSync(file, 'utf8')).map(
        e =>
          `${e.section}${e.subsection === null ? '' : '.' + e.subsection}.${e.key}=${e.value}`
      );
      expect(ours).toEqual(git);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('posixPath', () => {
  it.each([
    ['/a/b/../c/./d//', '/a/c/d'],
    ['/..', '/'],
    ['a/../../b', '../b'],
    ['', '.'],
    ['C:/Users/ada/../bob', 'C:/Users/bob'],
    ['C:/..', 'C:/']
  ])('normalize(%s) = %s', (path, expected) => {
    expect(normalize(path)).toBe(expected);
  });

  it('walks up to the root and stops there', () => {
    expect(dirname('/a/b')).toBe('/a');
    expect(dirname('/a')).toBe('/');
    expect(dirname('/')).toBe('/');
    expect(dirname('C:/a')).toBe('C:/');
    expect(dirname('C:/')).toBe('C:/');
    expect(joinPosix('/repo', 'nb', '../x.py')).toBe('/repo/x.py');
  });

  it('tells what is inside what', () => {
    expect(relativeInside('/repo', '/repo/nb/a')).toBe('nb/a');
    expect(relativeInside('/repo', '/repo')).toBe('');
    expect(relativeInside('/repo', '/repository/x')).toBeNull();
    expect(relativeInside('/', '/x')).toBe('x');
    expect(relativeInside('C:/', 'C:/x')).toBe('x');
  });
});
