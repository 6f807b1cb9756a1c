import { Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ConcurrencyError, DuplicateEventIdError, ProjectionTimeoutError } from '#app/event-store';
import { DomainError, InputError, LockTimeoutError } from '#app/households';

const logger = new Logger('GraphQL');

/** Codes GraphQL itself assigns to bad requests; their messages are safe to show. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'QUERY_TOO_DEEP',
  'QUERY_TOO_LARGE',
]);

/**
 * Every error leaves with a stable `extensions.code` and a message a cadre can act on, and never
 * with a stack trace. Anything unexpected is logged in full and shown as an internal error.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const original = (error as { originalError?: unknown })?.originalError ?? error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, ...original.details },
    };
  }
  if (original instanceof InputError) {
    return { ...base, message: original.message, extensions: { code: original.code } };
  }
  if (original instanceof ConcurrencyError) {
    return {
      ...base,
      message: `该户已被他人修改（您所见版本 ${String(original.expected)}，当前版本 ${original.actual}），请刷新后重试`,
      extensions: {
        code: 'CONCURRENCY_CONFLICT',
        expected: original.expected,
        actual: original.actual,
      },
    };
  }
  if (original instanceof DuplicateEventIdError) {
    // Event ids repeat only when derived from a reused commandId (on another household).
    return {
      ...base,
      message: '命令编号已用于另一项操作，请为新的操作使用新的编号',
      extensions: { code: 'COMMAND_ID_REUSED' },
    };
  }
  if (original instanceof LockTimeoutError) {
    return {
      ...base,
      message: '该户或其成员的上一项操作仍在处理中，请稍后重试',
      extensions: { code: 'BUSY' },
    };
  }
  if (original instanceof ProjectionTimeoutError) {
    return { ...base, message: original.message, extensions: { code: original.code } };
  }
  // Apollo re-labels validation errors; a rule's own code (e.g. QUERY_TOO_DEEP) is more useful.
  const ownCode = original instanceof GraphQLError ? original.extensions.code : undefined;
  const code =
    typeof ownCode === 'string' && REQUEST_ERROR_CODES.has(ownCode)
      ? ownCode
      : formatted.extensions?.code;
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    return { ...base, extensions: { code } };
  }
  logger.error({
    message: 'unexpected error in GraphQL request',
    error: original instanceof Error ? original.message : String(original),
    stack: original instanceof Error ? original.stack : undefined,
    path: formatted.path,
  });
  return {
    ...base,
    message: '服务器内部错误，已记录，请稍后重试',
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
