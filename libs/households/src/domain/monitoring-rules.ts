import { fail } from './errors.js';
import type { ActiveState } from './household-state.js';
import type { MonitoringCategory } from './vocabulary.js';

const CATEGORY_FITS: Record<MonitoringCategory, (s: ActiveState) => boolean> = {
  UNSTABLE_EXITED: (s) => s.status === 'Exited',
  EDGE_PRONE: (s) => s.status === 'NonPoor',
  SUDDEN_HARDSHIP: () => true,
};

const CATEGORY_RULES: Record<MonitoringCategory, string> = {
  UNSTABLE_EXITED: '“脱贫不稳定户”只适用于已脱贫户',
  EDGE_PRONE: '“边缘易致贫户”只适用于非建档立卡户',
  SUDDEN_HARDSHIP: '',
};

/**
 * A monitoring category must fit the household's status, when monitoring starts and again when
 * it is reopened; `advice` is added to the message.
 */
export function requireCategoryFits(
  s: ActiveState,
  category: MonitoringCategory,
  advice = '',
): void {
  if (!CATEGORY_FITS[category](s)) {
    fail('MONITORING_CATEGORY_MISMATCH', `${CATEGORY_RULES[category]}${advice}`);
  }
}
