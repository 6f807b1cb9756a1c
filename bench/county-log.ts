import { register } from 'node:module';
import type { RecordedEvent } from '#app/event-store';

/**
 * The county log lives in the read-side test harness, which imports `@jest/globals` for its
 * setup helpers; outside jest that module throws on import. The generator itself never touches
 * jest, so resolve `@jest/globals` to inert stand-ins for this process.
 */
export async function loadCountyLog(): Promise<
  (households: number) => { events: RecordedEvent[] }
> {
  const stub =
    'export const afterEach=()=>{},beforeEach=()=>{},afterAll=()=>{},beforeAll=()=>{},' +
    'describe=()=>{},it=()=>{},test=()=>{},expect=()=>{},jest={};';
  const hooks =
    'export async function resolve(specifier, context, next) {' +
    " if (specifier === '@jest/globals') return { url: " +
    JSON.stringify(`data:text/javascript,${encodeURIComponent(stub)}`) +
    ', shortCircuit: true };' +
    ' return next(specifier, context); }';
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const harness = await import('../libs/households/src/read-models/testing/projection-harness.js');
  return harness.countyLog;
}
