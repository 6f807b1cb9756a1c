import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';

/**
 * Lets errors from GraphQL resolvers reach Apollo's formatError untouched. Without it Nest logs
 * every refused command (a cadre's typo) as an error with a stack trace; formatError already
 * logs, in full, only the errors that are unexpected.
 */
@Catch()
export class GraphQLErrorsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
