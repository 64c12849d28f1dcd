import { deniedCallReason, deniedKeywords, denyReason } from '../denyList';

describe('deny-list', () => {
  it.each(
    'axis inplace figsize color c alpha label fontsize dpi ax verbose sep end index ignore_index dtype how on kind bins'.split(
      ' '
    )
  )('%s is deny-listed with a reason', k => {
    expect(denyReason(k)).toMatch(/: /);
  });

  it.each(
    'random_state seed shuffle test_size n_estimators max_features columns subset size labels threshold epochs lr min max'.split(
      ' '
    )
  )('%s is not deny-listed (it can change results, or is ambiguous)', k => {
    expect(denyReason(k)).toBeNull();
  });

  it('deny-lists every keyword of display, plot and widget calls', () => {
    expect(deniedCallReason('print')).toMatch(/display/);
    expect(deniedCallReason('subplots_adjust')).toMatch(/plot/);
    expect(deniedCallReason('FloatSlider')).toMatch(/widget/);
    expect(deniedCallReason('fit')).toBeNull();
    expect(deniedCallReason('train_test_split')).toBeNull();
  });

  it('lists its keywords sorted and without duplicates or blanks', () => {
    const words = deniedKeywords();
    expect(words).toEqual([...new Set(words)].sort());
    expect(words.every(w => /^[a-z_]+$/.test(w))).toBe(true);
  });
});
