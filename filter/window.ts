/** The look-back window of interaction filters. */
import type { InteractionRecord } from '../schema/records';
import { BULK_INTERACTION_WINDOW, REALTIME_INTERACTION_WINDOW } from './limits';

/**
 * Returns the interactions an interaction filter considers, oldest first: the most recent 100 real-time and the most
 * recent 200 bulk interactions of a user's history, which must be ordered oldest first.
 */
export function interactionsInWindow(history: readonly InteractionRecord[]): InteractionRecord[] {
  const inWindow: InteractionRecord[] = [];
  let realtime = 0;
  let bulk = 0;
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const record = history[index];
    if (record.source === 'realtime' && realtime < REALTIME_INTERACTION_WINDOW) {
      realtime += 1;
      inWindow.push(record);
    } else if (record.source === 'bulk' && bulk < BULK_INTERACTION_WINDOW) {
      bulk += 1;
      inWindow.push(record);
    }
    if (realtime === REALTIME_INTERACTION_WINDOW && bulk === BULK_INTERACTION_WINDOW) {
      break;
    }
  }
  return inWindow.reverse();
}
