import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';

/**
 * The baseline for the HTTP benchmark: a bare Apollo Server on Express 5 with one trivial
 * mutation, nothing behind it. Prints its port on stdout once listening.
 */
const server = new ApolloServer({
  typeDefs: /* GraphQL */ `
    input LogVisitInput {
      householdId: ID!
      date: String!
      cadre: String!
      purpose: String!
    }
    type Pong {
      revision: Int!
    }
    type Query {
      ok: Boolean!
    }
    type Mutation {
      logVisit(input: LogVisitInput!): Pong!
    }
  `,
  resolvers: {
    Query: { ok: () => true },
    Mutation: { logVisit: () => ({ revision: 1 }) },
  },
});
await server.start();
const app = express();
app.use('/graphql', express.json(), expressMiddleware(server));
const listener = app.listen(0, '127.0.0.1', () => {
  const address = listener.address() as { port: number };
  console.log(`PORT ${address.port}`);
});
process.on('SIGTERM', () => {
  listener.close();
  void server.stop().then(() => process.exit(0));
});
