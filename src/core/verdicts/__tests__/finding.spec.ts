/**
 * `finding()` and the list wordings copy inputs that are already sorted and distinct (the
 * findings an execution re-words hundreds of at once); these pin that the short cut gives
 * what the general path gives.
 */
import type { ICellRef } from '../../types';
import { cellList, finding, nameList } from '../finding';
import { nameSet, type FindingText } from '../messages';

const EDITED: FindingText = { id: 'edited', args: {} };

const ref = (id: string, index: number | null): ICellRef => ({ id, index });

describe('finding', () => {
  it('keeps one ref per id even when refs are in order (nbformat 3 cells share the empty id)', () => {
    const f = finding({
      kind: 'stale',
      cell: ref('', 5),
      related: [ref('', 0), ref('', 2), ref('b', 3)],
      text: EDITED
    });
    expect(f.related).toEqual([ref('', 0), ref('b', 3)]);
  });

  it('copies what it is given, sorted, unique, in the same key order either way', () => {
    const related = [ref('a', 1), ref('b', 4)];
    const names = ['x', 'y'];
    const inOrder = finding({
      kind: 'hidden-state',
      cell: ref('c', 6),
      names,
      related,
      text: EDITED,
      rerun: ['c'],
      reason: 'edited',
      hint: false
    });
    expect(inOrder.related).not.toBe(related);
    expect(inOrder.names).not.toBe(names);
    const shuffled = finding({
      kind: 'hidden-state',
      cell: ref('c', 6),
      names: ['y', 'x', 'y'],
      related: [ref('b', 4), ref('a', 1), ref('b', 4)],
      text: EDITED,
      rerun: ['c', 'c'],
      reason: 'edited',
      hint: false
    });
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(inOrder));
    expect(Object.keys(inOrder)).toEqual([
      'kind',
      'severity',
      'cell',
      'names',
      'related',
      'message',
      'text',
      'rerun',
      'reason',
      'hint'
    ]);
  });

  it('takes the names its text lists: that sorted array itself, else a sorted distinct copy', () => {
    const stale = (names: readonly string[]): FindingText => ({
      id: 'stale',
      args: { names, cells: [0], sure: true }
    });
    const sorted = nameSet(['y', 'x']);
    const text = stale(sorted);
    const f = finding({ kind: 'stale', cell: ref('c', 1), text });
    expect(f.names).toEqual(['x', 'y']);
    expect(f.names).toBe(sorted);
    // A text with repeats (or out of order) keeps them; the finding's names do not.
    const repeats = stale(nameSet(['y', 'x', 'y']));
    const g = finding({ kind: 'stale', cell: ref('c', 1), text: repeats });
    expect(g.names).toEqual(['x', 'y']);
    expect(repeats.args).toMatchObject({ names: ['x', 'y', 'y'] });
    expect(
      finding({ kind: 'stale', cell: null, text: stale(['b', 'a']) }).names
    ).toEqual(['a', 'b']);
    // Given names win; a text without names gives none.
    expect(
      finding({ kind: 'stale', cell: null, names: ['z'], text }).names
    ).toEqual(['z']);
    expect(finding({ kind: 'edited', cell: null, text: EDITED }).names).toEqual(
      []
    );
  });
});

describe('cellList and nameList', () => {
  it('word sorted and unsorted input alike', () => {
    expect(cellList([1, 4, 6])).toBe('cells 2, 5 and 7');
    expect(cellList([6, 1, 4, 1])).toBe('cells 2, 5 and 7');
    expect(cellList([3])).toBe('cell 4');
    expect(cellList([null, 2])).toBe('cells 3 and a deleted cell');
    expect(nameList(['a', 'b'])).toBe('`a` and `b`');
    expect(nameList(['c', 'a', 'b', 'a'])).toBe('`a`, `b` and `c`');
    expect(nameList(['d', 'c', 'b', 'a'])).toBe('`a`, `b` and 2 more');
    expect(nameList(['b', 'a'], undefined, 1)).toBe(' and 2 more');
    expect(nameList([])).toBe('');
  });
});
