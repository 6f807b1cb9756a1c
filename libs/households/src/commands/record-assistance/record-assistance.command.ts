import type { AssistanceCategory, IsoDate } from '../../domain/index.js';

export interface RecordAssistanceCommand {
  type: 'RecordAssistance';
  category: AssistanceCategory;
  amountFen: number;
  peopleReached: number;
  date: IsoDate;
  programme?: string;
}
