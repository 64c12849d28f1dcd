import fc from 'fast-check';

import { dataReads, dataReadSites } from '../dataReads';
import { importedModules } from '../imports';
import { conventionalModule, READ_CALLS } from '../readCalls';

describe('dataReads', () => {
  it.each([
    ['pd.read_csv("data/train.csv")', ['data/train.csv']],
    ["df = pd.read_parquet('x.parquet', columns=['a'])", ['x.parquet']],
    ['pd.read_csv(filepath_or_buffer="kw.csv")', ['kw.csv']],
    ['pd.read_csv(sep=",", filepath_or_buffer="kw2.csv")', ['kw2.csv']],
    ['pl.scan_csv("lazy.csv")', ['lazy.csv']],
    ['spark.read.parquet("s.parquet")', ['s.parquet']],
    ['with open("notes.txt") as f:\n    pass', ['notes.txt']],
    ['open(file="kw.txt", mode="r")', ['kw.txt']],
    ['cfg = json.load(open("cfg.json"))', ['cfg.json']],
    ['obj = pickle.load(open("m.pkl", "rb"))', ['m.pkl']],
    ['y = yaml.safe_load(open("p.yaml"))', ['p.yaml']],
    ['a = np.load("a.npy")', ['a.npy']],
    ['t = np.loadtxt(fname="t.txt")', ['t.txt']],
    ['g = np.genfromtxt("g.csv", delimiter=",")', ['g.csv']],
    ['im = Image.open("cat.png")', ['cat.png']],
    ['h = h5py.File("d.h5", "r")', ['d.h5']],
    ['m = torch.load("w.pt")', ['w.pt']],
    ['m = joblib.load("model.joblib")', ['model.joblib']],
    ['m = keras.models.load_model("net.keras")', ['net.keras']],
    ['img = cv2.imread("x.jpg")', ['x.jpg']],
    ['d = xr.open_dataset("c.nc")', ['c.nc']],
    ['m = scipy.io.loadmat("m.mat")', ['m.mat']],
    ['wb = openpyxl.load_workbook(filename="b.xlsx")', ['b.xlsx']],
    ['z = zipfile.ZipFile("a.zip")', ['a.zip']],
    ['s = gzip.open("a.gz")', ['a.gz']]
  ])('%s', (source, expected) => {
    expect(dataReads(source)).toEqual(expected);
  });

  it('folds literal path expressions', () => {
    const source = [
      'pd.read_csv(os.path.join("data", "a.csv"))',
      'np.load(Path("data") / "b" / "c.npy")',
      'Path("notes.md").read_text()',
      'pathlib.Path("raw", "x.bin").read_bytes()',
      "pd.read_csv(r'data\\raw.csv')",
      'pd.read_csv("da" "ta/split.csv")',
      'pd.read_csv(("paren.csv"))'
    ].join('\n');
    expect(dataReads(source)).toEqual(
      [
        'data/a.csv',
        'data/b/c.npy',
        'notes.md',
        'raw/x.bin',
        'data\\raw.csv',
        'data/split.csv',
        'paren.csv'
      ].sort()
    );
  });

  it('leaves out what is not a literal path', () => {
    const source = [
      'pd.read_csv(path)',
      'pd.read_csv(f"data/{split}.csv")',
      'pd.read_csv(base + "x.csv")',
      'pd.read_csv("https://example.org/x.csv")',
      'pd.read_csv(os.path.join(root, "x.csv"))',
      'pd.read_csv(os.path.join("a") / "b.csv")',
      'np.save("out.npy", a)',
      'df.to_csv("out.csv")',
      'webbrowser.open("page.html")',
      'json.load(f)',
      'print("data.csv")',
      'x = "data.csv"',
      '# pd.read_csv("comment.csv")',
      's = "pd.read_csv(\'in_string.csv\')"',
      'pd.read_csv(*args)',
      'pd.read_csv("")'
    ].join('\n');
    expect(dataReads(source)).toEqual([]);
  });

  it('resolves the notebook’s own import aliases, across cells', () => {
    const cells = [
      'import numpy as xp\nfrom PIL import Image as Im\nfrom numpy import load\nimport torch as T',
      'xp.load("a.npy")\nIm.open("b.png")\nload("c.npy")\nT.load("d.pt")'
    ];
    expect(dataReads(cells)).toEqual(['a.npy', 'b.png', 'c.npy', 'd.pt']);
  });

  it('an alias for something else turns a conventional name off', () => {
    expect(dataReads('import mylib as np\nnp.load("x.npy")')).toEqual([]);
    expect(dataReads('from gzip import open\nopen("a.gz")')).toEqual(['a.gz']);
  });

  it('sees through IPython syntax and reports positions in the cell as written', () => {
    const source =
      '%matplotlib inline\n!ls data\ndf = pd.read_csv("./data//x.csv")';
    const [site] = dataReadSites(['x = 1', source]);
    expect(site).toEqual({
      path: 'data/x.csv',
      call: 'pandas.read_csv',
      source: 1,
      from: source.indexOf('"./data'),
      to: source.indexOf(')')
    });
  });

  it('takes conventional aliases from its own table only, never from Object.prototype', () => {
    expect(conventionalModule('np')).toBe('numpy');
    for (const name of [
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty'
    ]) {
      expect(conventionalModule(name)).toBeUndefined();
    }
    // Read like any other receiver's `read_csv`.
    expect(dataReads(['constructor.read_csv("c.csv")'])).toEqual(
      dataReads(['reader.read_csv("c.csv")'])
    );
  });

  it('dedupes and sorts', () => {
    expect(dataReads(['open("b")\nopen("a")', 'open("./a")'])).toEqual([
      'a',
      'b'
    ]);
  });

  it('has one table with unique callees', () => {
    const callees = READ_CALLS.map(c => c.callee);
    expect(new Set(callees).size).toBe(callees.length);
  });

  it('never throws', () => {
    const fragments = [
      'pd.read_csv(',
      'open(',
      '"a"',
      "'",
      ')',
      ',',
      'x=',
      'Path(',
      ' / ',
      '\n',
      '%pip',
      'import numpy as',
      '(',
      'f"',
      '**k',
      '\\'
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...fragments), { maxLength: 20 }),
        parts => {
          expect(() => dataReads(parts.join(''))).not.toThrow();
        }
      ),
      { numRuns: 300 }
    );
    fc.assert(
      fc.property(fc.array(fc.string()), sources => {
        expect(() => dataReads(sources)).not.toThrow();
      }),
      { numRuns: 100 }
    );
  });
});

describe('importedModules', () => {
  it('lists the top-level modules the code imports, sorted', () => {
    const cells = [
      'import numpy as np, os.path\nfrom PIL import Image',
      'from sklearn.model_selection import train_test_split\nfrom m import *',
      'from . import sibling\nfrom .pkg import x\nif True:\n    import yaml',
      '%pip install tornado\nimport dateutil.parser as dp',
      'x = "import fake"'
    ];
    expect(importedModules(cells)).toEqual([
      'PIL',
      'dateutil',
      'm',
      'numpy',
      'os',
      'sklearn',
      'yaml'
    ]);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), sources => {
        expect(() => importedModules(sources)).not.toThrow();
      }),
      { numRuns: 100 }
    );
  });
});
