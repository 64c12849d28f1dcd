import { Notification } from '@jupyterlab/apputils';
import { ServerConnection } from '@jupyterlab/services';
import { defaultTrans } from '../findingText';
import { ServerPart } from '../serverPart';

describe('ServerPart', () => {
  beforeEach(() => Notification.dismiss());

  it('asks the server once and says once, plainly, what is unavailable without it', async () => {
    let asked = 0;
    const part = new ServerPart(defaultTrans, async () => {
      asked++;
      throw new ServerConnection.ResponseError(
        new Response('', { status: 404 })
      );
    });
    expect(await part.require()).toBe(false);
    expect(await part.require()).toBe(false);
    expect(asked).toBe(1);
    const notes = Notification.manager.notifications.filter(n =>
      n.message.includes('server part')
    );
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain('Git provenance and Verify');
    // Whole in a toast: JupyterLab cuts longer messages.
    expect(notes[0].message.length).toBeLessThanOrEqual(140);
    expect(notes[0].type).toBe('info');
  });

  it('is silent when the server part answers', async () => {
    const part = new ServerPart(defaultTrans, async () => ({
      name: 'jupyterlab_linearize',
      version: '0.1.0',
      python: '3.11',
      capabilities: []
    }));
    expect(await part.require()).toBe(true);
    expect((await part.info())?.version).toBe('0.1.0');
    expect(part.said).toBe(false);
  });
});
