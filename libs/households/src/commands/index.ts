/** The pure side of the commands: their types and the decider. Resolvers are wired by the module. */
export * from './household-command.js';
export { decide } from './decide.js';
