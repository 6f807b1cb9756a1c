import { randomUUID } from 'node:crypto';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import type { RequestContext } from '#app/households';
import { HouseholdsContextModule, type AppConfig } from '#app/runtime';
import { queryLimits } from './graphql/query-limits.js';
import { formatError } from './graphql/format-error.js';
import { GraphQLErrorsFilter } from './graphql/graphql-errors.filter.js';
import { HealthController } from './health.controller.js';

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The households context on the configured storage, as the CLI boots it; GraphQL on top.
        HouseholdsContextModule.forRoot(config),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          // Schema built in memory; `npm run schema` writes schema.gql and a test guards drift.
          autoSchemaFile: true,
          sortSchema: true,
          // GraphiQL loads assets from a public CDN, which county intranets cannot reach.
          graphiql: false,
          playground: false,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          formatError,
          validationRules: [
            queryLimits({ maxDepth: config.maxQueryDepth, maxFields: config.maxQueryFields }),
          ],
          context: ({ req }: { req: Request }): RequestContext => ({
            actor: decodeActor(header(req, 'x-actor')) ?? 'anonymous',
            correlationId: header(req, 'x-request-id') ?? randomUUID(),
          }),
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: APP_FILTER, useClass: GraphQLErrorsFilter }],
    };
  }
}

/** Actor names are Chinese; HTTP headers carry them percent-encoded. */
function decodeActor(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
