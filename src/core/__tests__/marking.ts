/**
 * A translator port that marks every msgid with «» and leaves what fills it as it is: a
 * message worded through it shows which words went through the port (issue 18).
 */
import { ENGLISH, type ITranslatorPort } from '../util/translator';

export const MARKING: ITranslatorPort = {
  __: (msgid, ...args) => ENGLISH.__(`«${msgid}»`, ...args),
  _n: (one, many, n, ...args) => ENGLISH._n(`«${one}»`, `«${many}»`, n, ...args)
};
