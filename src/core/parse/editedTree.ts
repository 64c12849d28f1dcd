/**
 * The lezer tree of a cell after a few edits inside its statements (an export's literals
 * replaced by parameters), made from the tree before the edits: the top-level statements
 * that hold an edit are parsed again, alone, and every other one is taken as it was.
 *
 * Why not lezer's own incremental parse (`TreeFragment.applyChanges`): it reuses nodes only
 * from `Tree` objects, never from inside a `TreeBuffer`, and lezer packs every small subtree
 * (a whole cell of a few hundred nodes, usually) into one buffer, so it re-parsed everything
 * and was no faster. A statement that starts a line at the top level starts from the
 * tokenizer's initial state (no open bracket, no indentation), so its parse alone is its
 * parse in the cell; the caller still checks the result for errors (whose recovery may look
 * further) and parses the whole cell then.
 */
import { Tree, TreeBuffer } from '@lezer/common';
import { parser } from '@lezer/python';

/** One edit of a text: [from, to) of the text before replaced by `text`. */
export interface ITextEdit {
  readonly from: number;
  readonly to: number;
  readonly text: string;
}

/** A top-level node of a tree, where it is stored. */
interface IAtom {
  readonly from: number;
  readonly to: number;
  /** A node stored as a tree of its own… */
  readonly tree: Tree | null;
  /** …or in a buffer (at `offset` in the text), from `index` to `end` in `buffer.buffer`. */
  readonly buffer: TreeBuffer | null;
  readonly offset: number;
  readonly index: number;
  readonly end: number;
}

/**
 * The tree of `after`, which is `before` with `edits` applied (sorted, not overlapping), from
 * `tree`, the tree of `before`. Null when an edit lies outside every top-level statement:
 * then only a parse of the whole text gives the tree.
 */
export function editedTree(
  tree: Tree,
  before: string,
  after: string,
  edits: readonly ITextEdit[]
): Tree | null {
  const atoms = topLevel(tree);
  const reparse = new Array<boolean>(atoms.length).fill(false);
  let k = 0;
  for (const e of edits) {
    while (k < atoms.length && atoms[k].to < e.to) {
      k++;
    }
    if (k === atoms.length || atoms[k].from > e.from) {
      return null;
    }
    reparse[k] = true;
  }
  // A statement parsed alone must start a line, and what follows it must too (`a = 1; b = 2`
  // holds two statements on one line): a neighbour on the same line is parsed with it.
  const startsLine = (at: number): boolean =>
    at === 0 || before.charCodeAt(at - 1) === 10;
  for (let i = 1; i < atoms.length; i++) {
    reparse[i] ||= reparse[i - 1] && !startsLine(atoms[i].from);
  }
  for (let i = atoms.length - 1; i > 0; i--) {
    reparse[i - 1] ||= reparse[i] && !startsLine(atoms[i].from);
  }

  const children: (Tree | TreeBuffer)[] = [];
  const positions: number[] = [];
  let shift = 0; // length of `after` minus `before` over the edits passed so far
  let next = 0; // the first edit not yet passed
  for (let i = 0; i < atoms.length;) {
    let j = i;
    while (j < atoms.length && reparse[j] === reparse[i]) {
      j++;
    }
    if (!reparse[i]) {
      keep(atoms.slice(i, j), shift, children, positions);
    } else {
      // From the line the first statement starts (the cell's start for the first one, so
      // leading blank lines and comments are parsed as they were) to the next kept one.
      const from = i === 0 ? 0 : atoms[i].from;
      const to = j < atoms.length ? atoms[j].from : before.length;
      let grown = 0;
      while (next < edits.length && edits[next].from < to) {
        grown += edits[next].text.length - (edits[next].to - edits[next].from);
        next++;
      }
      const start = from + shift;
      const part = parser.parse(after.slice(start, to + shift + grown));
      part.children.forEach((c, n) => {
        children.push(c);
        positions.push(part.positions[n] + start);
      });
      shift += grown;
    }
    i = j;
  }
  return new Tree(tree.type, children, positions, after.length);
}

/** The top-level nodes of `tree` in order (lezer groups long child lists in anonymous trees). */
function topLevel(tree: Tree): IAtom[] {
  const out: IAtom[] = [];
  const visit = (node: Tree, at: number): void => {
    node.children.forEach((child, n) => {
      const offset = at + node.positions[n];
      if (child instanceof TreeBuffer) {
        // Nodes are stored in prefix order as (type, start, end, index after the subtree).
        const b = child.buffer;
        for (let i = 0; i < b.length; i = b[i + 3]) {
          out.push({
            from: offset + b[i + 1],
            to: offset + b[i + 2],
            tree: null,
            buffer: child,
            offset,
            index: i,
            end: b[i + 3]
          });
        }
      } else if (child.type.isAnonymous) {
        visit(child, offset);
      } else {
        out.push({
          from: offset,
          to: offset + child.length,
          tree: child,
          buffer: null,
          offset,
          index: 0,
          end: 0
        });
      }
    });
  };
  visit(tree, 0);
  return out;
}

/** Adds kept top-level nodes, moved by `shift`; neighbours from one buffer share a new one. */
function keep(
  atoms: readonly IAtom[],
  shift: number,
  children: (Tree | TreeBuffer)[],
  positions: number[]
): void {
  for (let i = 0; i < atoms.length;) {
    const first = atoms[i];
    if (first.buffer === null) {
      children.push(first.tree as Tree);
      positions.push(first.from + shift);
      i++;
      continue;
    }
    let last = i;
    while (last + 1 < atoms.length && atoms[last + 1].buffer === first.buffer) {
      last++;
    }
    const b = first.buffer.buffer;
    const start = first.index;
    const end = atoms[last].end;
    const base = b[start + 1];
    const copy = new Uint16Array(end - start);
    for (let n = start; n < end; n += 4) {
      copy[n - start] = b[n];
      copy[n - start + 1] = b[n + 1] - base;
      copy[n - start + 2] = b[n + 2] - base;
      copy[n - start + 3] = b[n + 3] - start;
    }
    children.push(
      new TreeBuffer(
        copy,
        atoms[last].to - first.offset - base,
        first.buffer.set
      )
    );
    positions.push(first.offset + base + shift);
    i = last + 1;
  }
}
