import { x } from '#app/event-store';
export const y: string = String(x);
