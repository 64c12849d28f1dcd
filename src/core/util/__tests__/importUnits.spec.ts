/** What an import asks to be installed: top-level modules, and namespace packages' members. */
import { importedModules } from '../../companion/imports';
import {
  distributionFor,
  hostedOnly,
  importsUnits,
  importUnit
} from '../importUnits';

describe('importUnit', () => {
  it.each([
    ['numpy', 'numpy'],
    ['sklearn.metrics.pairwise', 'sklearn'],
    ['google', 'google'],
    ['google.colab.drive', 'google.colab'],
    ['google.protobuf.text_format', 'google.protobuf'],
    ['google.cloud', 'google.cloud'],
    ['google.cloud.storage.blob', 'google.cloud.storage'],
    ['azure.identity', 'azure.identity'],
    ['azure.storage.blob', 'azure.storage.blob'],
    ['mpl_toolkits.mplot3d.axes3d', 'mpl_toolkits.mplot3d'],
    ['googleapiclient.discovery', 'googleapiclient']
  ])('%s → %s', (dotted, unit) => {
    expect(importUnit(dotted)).toBe(unit);
  });

  it('tells `from google import colab` (a unit per name) from `from numpy import random`', () => {
    expect(
      ['google', 'google.cloud', 'azure', 'mpl_toolkits'].map(importsUnits)
    ).toEqual([true, true, true, true]);
    expect(
      ['numpy', 'google.colab', 'google.cloud.storage', 'os.path'].map(
        importsUnits
      )
    ).toEqual([false, false, false, false]);
  });
});

describe('distributionFor', () => {
  it.each([
    ['numpy', 'numpy'],
    ['sklearn', 'scikit-learn'],
    ['google.protobuf', 'protobuf'],
    ['google.auth', 'google-auth'],
    ['google.oauth2', 'google-auth'],
    ['google.generativeai', 'google-generativeai'],
    ['google.api_core', 'google-api-core'],
    ['google.cloud.storage', 'google-cloud-storage'],
    ['google.cloud.bigquery_storage', 'google-cloud-bigquery-storage'],
    ['azure.storage.blob', 'azure-storage-blob'],
    ['mpl_toolkits.mplot3d', 'matplotlib'],
    ['mpl_toolkits.basemap', 'basemap']
  ])('%s → %s', (unit, dist) => {
    expect(distributionFor(unit)).toBe(dist);
  });

  it('has none for a hosted-only unit, nor for a namespace member no rule names', () => {
    expect(
      ['google.colab', 'kaggle_secrets', 'mpl_toolkits.unknown'].map(
        distributionFor
      )
    ).toEqual([null, null, null]);
    expect(['google.colab', 'kaggle_secrets', 'numpy'].map(hostedOnly)).toEqual(
      ['Google Colab', 'Kaggle', null]
    );
  });
});

describe('importedModules', () => {
  it('lists the units a notebook imports, a name of a namespace a unit of its own', () => {
    expect(
      importedModules([
        'from google.cloud import storage as gcs, bigquery',
        'import google.colab.drive\nimport numpy.linalg as la',
        'from google import *',
        'from mpl_toolkits.mplot3d import Axes3D'
      ])
    ).toEqual([
      'google',
      'google.cloud.bigquery',
      'google.cloud.storage',
      'google.colab',
      'mpl_toolkits.mplot3d',
      'numpy'
    ]);
  });
});
