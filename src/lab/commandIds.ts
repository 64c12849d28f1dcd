/** Every command id of the extension, in one place (JupyterLab's `namespace CommandIDs`). */
export namespace CommandIDs {
  export const about = 'linearize:about';
  export const showFindings = 'linearize:show-findings';
  export const rerunNeeded = 'linearize:rerun-needed';
  export const selectRerun = 'linearize:select-rerun';
  export const restartRunAll = 'linearize:restart-run-all';
  export const clearRecord = 'linearize:clear-record';
  export const params = 'linearize:params';
  export const exportScript = 'linearize:export';
  export const verify = 'linearize:verify';
}

/** The package name, also the prefix of every plugin id (plugin id `<pkg>:<schema file>`). */
export const PACKAGE = 'jupyterlab-linearize';
