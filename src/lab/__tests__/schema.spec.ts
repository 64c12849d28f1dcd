/**
 * The settings schema as JupyterLab shows and translates it: every setting is labelled and
 * described, every choice of a select has a title (the hidden-verdicts list is a labelled
 * multi-select, in the panel's words), and the extension's own translation selectors reach
 * strings, as `jupyterlab_server` walks the schema (list items as `key[i]`).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { verdictTitle } from '../findingText';
import { DEFAULT_SETTINGS } from '../settings';

type Json = { [key: string]: unknown };
const schema = JSON.parse(
  readFileSync(
    join(__dirname, '..', '..', '..', 'schema', 'plugin.json'),
    'utf8'
  )
) as Json;
const properties = schema.properties as Record<string, Json>;

/** Every string of the schema with its path, lists written `key[i]` as the server does. */
function strings(node: Json, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(node)) {
    const path = `${prefix}/${key}`;
    if (typeof value === 'string') {
      out.push([path, value]);
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => {
        if (item !== null && typeof item === 'object') {
          out.push(...strings(item as Json, `${path}[${i}]`));
        }
      });
    } else if (value !== null && typeof value === 'object') {
      out.push(...strings(value as Json, path));
    }
  }
  return out;
}

describe('settings schema', () => {
  it('labels and describes every setting, and every setting is one the lab reads', () => {
    expect(Object.keys(properties).sort()).toEqual(
      Object.keys(DEFAULT_SETTINGS).sort()
    );
    for (const [name, p] of Object.entries(properties)) {
      expect([name, typeof p.title, typeof p.description]).toEqual([
        name,
        'string',
        'string'
      ]);
    }
  });

  it('names every hidden-verdict choice as the panel does, and every marker threshold', () => {
    const items = properties.hiddenVerdicts.items as {
      oneOf: { const: string; title: string }[];
    };
    expect(items.oneOf.length).toBeGreaterThan(20);
    for (const choice of items.oneOf) {
      expect(choice.title).toBe(verdictTitle(choice.const));
    }
    for (const choice of properties.markerSeverity.oneOf as Json[]) {
      expect(typeof choice.title).toBe('string');
    }
  });

  it('has translation selectors that each reach strings of the schema', () => {
    const i18n = schema['jupyter.lab.internationalization'] as {
      selectors: string[];
      domain: string;
    };
    expect(i18n.domain).toBe('jupyterlab_linearize');
    const paths = strings(schema).map(([path]) => path);
    for (const selector of i18n.selectors) {
      const pattern = new RegExp(`^/${selector}$`);
      expect([selector, paths.some(p => pattern.test(p))]).toEqual([
        selector,
        true
      ]);
    }
  });
});
