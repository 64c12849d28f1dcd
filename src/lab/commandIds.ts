/** Every command id of the extension, in one place (JupyterLab's `namespace CommandIDs`). */
export namespace CommandIDs {
  export const about = 'linearize:about';
}

/** The palette category of our commands. */
export const PALETTE_CATEGORY = 'Linearize';

/** The package name, also the prefix of every plugin id (plugin id `<pkg>:<schema file>`). */
export const PACKAGE = 'jupyterlab-linearize';
