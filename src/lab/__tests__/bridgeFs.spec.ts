import { ServerConnection } from '@jupyterlab/services';
import { BridgeFs, type IBridgeError } from '../io/bridgeFs';

/** A server that knows one file; what it is asked is kept. */
function server(absentAnswer: 'header' | '404') {
  const asked: string[] = [];
  const fetch = async (input: RequestInfo | URL): Promise<Response> => {
    const url =
      typeof input === 'string'
        ? input
        : String((input as Request).url ?? input);
    asked.push(url);
    if (url.includes('/fs/nb.ipynb')) {
      return url.includes('op=stat')
        ? Response.json({ type: 'file', mode: 33188, size: 2 })
        : new Response('{}');
    }
    return absentAnswer === 'header'
      ? new Response(JSON.stringify({ reason: 'ENOENT', message: 'absent' }), {
          status: 200,
          headers: { 'X-Linearize-Absent': 'ENOENT' }
        })
      : new Response(JSON.stringify({ reason: 'ENOENT', message: 'absent' }), {
          status: 404
        });
  };
  const settings = ServerConnection.makeSettings({
    baseUrl: 'http://localhost/',
    fetch: fetch as typeof globalThis.fetch
  });
  return { fs: new BridgeFs(settings), asked };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: IBridgeError) => e.code
  );

describe('BridgeFs: absent paths are answers, not console errors', () => {
  it('asks reads with absent=ok and turns the absent answer into ENOENT', async () => {
    const { fs, asked } = server('header');
    expect(await codeOf(fs.stat('/.git/objects/ab/cdef'))).toBe('ENOENT');
    expect(await codeOf(fs.lstat('/.git/index.lock'))).toBe('ENOENT');
    expect(await codeOf(fs.readFile('/.git/shallow'))).toBe('ENOENT');
    expect(await codeOf(fs.readdir('/.git/refs/nope'))).toBe('ENOENT');
    expect(asked).toHaveLength(4);
    for (const url of asked) {
      expect(new URL(url).searchParams.get('absent')).toBe('ok');
    }
    // A file that exists is still read as one.
    expect((await fs.stat('/nb.ipynb')).isFile()).toBe(true);
  });

  it('still fails with ENOENT on a server that answers 404 (an older server part)', async () => {
    const { fs } = server('404');
    expect(await codeOf(fs.stat('/.git/index.lock'))).toBe('ENOENT');
  });

  it('does not ask writes to hide absence', async () => {
    const { fs, asked } = server('404');
    await codeOf(fs.mkdir('/.git/refs/x'));
    expect(new URL(asked[0]).searchParams.get('absent')).toBeNull();
  });
});
