import type { IsoDate } from '../../domain/index.js';

export interface RectifyProblemCommand {
  type: 'RectifyProblem';
  problemId: string;
  date: IsoDate;
  measures: string;
}
