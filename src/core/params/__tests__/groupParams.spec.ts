import { categoryOf, lastHeading, sectionSlugs, slugify } from '../groupParams';
import { candidates, notebook, one } from './helpers';

describe('categoryOf', () => {
  it.each([
    ['data_path', null, 'data'],
    ['DATA_DIR', null, 'data'],
    ['train_file', null, 'data'],
    ['model_url', null, 'data'],
    ['test_size', null, 'split'],
    ['val_split', null, 'split'],
    ['n_splits', null, 'split'],
    ['lr', null, 'training'],
    ['LEARNING_RATE', null, 'training'],
    ['epochs', null, 'training'],
    ['batch_size', null, 'training'],
    ['n_estimators', null, 'training'],
    ['max_depth', null, 'training'],
    ['scoring', 'cross_val_score', 'evaluation'],
    ['cv', 'cross_val_score', 'split'],
    ['target', null, 'labels'],
    ['num_classes', null, 'labels'],
    ['feature_cols', null, 'features'],
    ['categorical_features', null, 'features'],
    ['max_len', null, 'preprocessing'],
    ['target_size', 'flow_from_directory', 'preprocessing'],
    ['random_state', 'train_test_split', 'seeds'],
    ['seed', 'image_dataset_from_directory', 'seeds'],
    ['columns', 'drop', 'features'],
    ['shuffle', 'KFold', 'split'],
    ['random_state', 'RandomForestClassifier', 'seeds'],
    ['C', 'LogisticRegression', 'training'],
    ['random_state', null, 'seeds'],
    ['random_state', 'shuffle', 'seeds'],
    ['nrows', 'read_csv', 'data'],
    ['degree', 'PolynomialFeatures', 'preprocessing'],
    ['average', 'f1_score', 'evaluation'],
    ['metric', 'KNeighborsRegressor', 'training']
  ])('%s in %s is %s', (name, callee, category) => {
    expect(categoryOf(name, callee)?.category).toBe(category);
  });

  // Names whose meaning depends on the code: a section is never wrong, a category can be.
  it.each([
    ['alpha', null],
    ['C', null],
    ['size', null],
    ['n_components', null],
    ['seed', null],
    ['columns', 'rename'],
    ['max_features', null],
    ['units', null],
    // A bare threshold may filter data as well as score results (examples/demo.ipynb).
    ['threshold', null],
    ['metric', null],
    ['threshold', 'Binarizer'],
    ['metric', 'pairwise_distances'],
    ['n', 'head']
  ])('%s in %s has no category', (name, callee) => {
    expect(categoryOf(name, callee)).toBeNull();
  });
});

describe('sections', () => {
  it('slugs headings', () => {
    expect(slugify('1. Load the **data**')).toBe('load_the_data');
    expect(slugify('Étape 2 : [Modèle](http://x)')).toBe('etape_2_modele');
    expect(slugify('  ')).toBe('');
    expect(slugify('2019')).toBe('2019');
    expect(slugify('日本語 データ')).toBe('日本語_データ');
    expect(slugify('_private')).toBe('private');
    expect(slugify('a'.repeat(30) + ' ' + 'b'.repeat(30))).toBe('a'.repeat(30));
  });

  it('finds the last heading of a markdown cell, outside code fences', () => {
    expect(lastHeading('# A\ntext\n## B\n```\n# not a heading\n```')).toBe('B');
    expect(lastHeading('Title\n=====\nmore')).toBe('Title');
    expect(lastHeading('<h2 id="x">HTML <b>title</b></h2>')).toBe(
      'HTML <b>title</b>'
    );
    expect(lastHeading('no heading\n\n---')).toBeNull();
    expect(lastHeading('#hashtag')).toBeNull();
  });

  it('gives each cell the nearest heading above it', () => {
    const nb = notebook([
      'x = 1',
      'md:# Intro',
      'y = 2',
      'md:just text',
      'z = 3',
      'md:## 2. Model fitting',
      'w = 4'
    ]);
    expect(sectionSlugs(nb)).toEqual([
      'general',
      'general',
      'intro',
      'intro',
      'intro',
      'intro',
      'model_fitting'
    ]);
  });
});

describe('grouping candidates', () => {
  it('uses a category when the name is clear, else the section, else the parameters cell', () => {
    const list = candidates(
      'md:# Setup',
      { source: 'lr = 0.1\nseed = 0', tags: ['parameters'] },
      'alpha = 0.5\ndata_path = "a.csv"',
      'md:## Fit',
      'model = SVC(C=1.0, random_state=0)\nx = f(n=3)'
    );
    expect(list.map(c => [c.key, c.group, c.groupSource])).toEqual([
      ['lr', 'training', 'name'],
      ['seed', 'parameters', 'parameters-cell'],
      ['alpha', 'setup', 'section'],
      ['data_path', 'data', 'name'],
      ['SVC.C', 'training', 'callee'],
      ['SVC.random_state', 'seeds', 'name'],
      ['f.n', 'fit', 'section']
    ]);
  });

  it('gives skipped candidates without a key no group', () => {
    const c = one(candidates('x = 2**10'), 'x');
    expect([c.group, c.groupSource]).toEqual(['', null]);
  });
});
