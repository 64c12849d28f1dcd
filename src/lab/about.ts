import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, ICommandPalette, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';
import {
  ITranslator,
  nullTranslator,
  type TranslationBundle
} from '@jupyterlab/translation';
import { CommandIDs, PACKAGE } from './commandIds';
import { TRANSLATION_DOMAIN } from './findingText';
import { IServerInfo, requestAPI } from './requestAPI';

/** The version of the front end, read from our own package.json at build time. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const FRONTEND_VERSION: string = require('../../package.json').version;

/**
 * `jupyterlab-linearize:about`: registers `linearize:about`, which shows the versions of
 * both halves (front end and server extension): the wiring, end to end.
 */
export const aboutPlugin: JupyterFrontEndPlugin<void> = {
  id: `${PACKAGE}:about`,
  description:
    'About jupyterlab-linearize: versions of the front end and the server part.',
  autoStart: true,
  optional: [ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ): void => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    app.commands.addCommand(CommandIDs.about, {
      label: trans.__('About Linearize'),
      caption: trans.__(
        'Show the versions of jupyterlab-linearize (front end and server)'
      ),
      execute: async () => {
        const body = await aboutBody(trans);
        await showDialog({
          title: 'jupyterlab-linearize',
          body,
          buttons: [Dialog.okButton({ label: trans.__('Close') })]
        });
      }
    });
    palette?.addItem({
      command: CommandIDs.about,
      category: trans.__('Linearize')
    });
  }
};

async function aboutBody(trans: TranslationBundle): Promise<Widget> {
  const node = document.createElement('div');
  node.className = 'jp-Linearize-about';
  const line = (label: string, value: string): void => {
    const p = document.createElement('p');
    const b = document.createElement('strong');
    b.textContent = `${label}: `;
    p.append(b, value);
    node.append(p);
  };
  line(trans.__('Front end'), FRONTEND_VERSION);
  try {
    const info = await requestAPI<IServerInfo>('info');
    line(
      trans.__('Server extension'),
      trans.__('%1 (Python %2)', info.version, info.python)
    );
  } catch {
    line(
      trans.__('Server extension'),
      trans.__('not available — features that need git run in the CLI only')
    );
  }
  node.append(
    Object.assign(document.createElement('p'), {
      textContent: trans.__(
        'Records every cell execution, warns when the notebook stops being reproducible, extracts parameters and exports a linear script tied to a git commit.'
      )
    })
  );
  return new Widget({ node });
}
