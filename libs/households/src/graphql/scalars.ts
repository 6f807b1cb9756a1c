import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { formatYuan, isIsoDate, parseYuan } from '../domain/index.js';

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** A calendar date, YYYY-MM-DD. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: '日期，格式 YYYY-MM-DD（A calendar date, YYYY-MM-DD）',
  serialize: (value) => String(value),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast: ValueNode) =>
    parseDate(ast.kind === Kind.STRING ? ast.value : literalText(ast)),
});

/** A literal that is not a string, as the client wrote it, for the error message. */
function literalText(ast: ValueNode): string {
  return 'value' in ast ? String(ast.value) : ast.kind;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw badInput(`日期“${String(value)}”无效，应为真实存在的日期，格式 YYYY-MM-DD`);
  }
  return value;
}

/**
 * Money in yuan as a decimal string with at most two decimals ("3214.63"). Resolvers see integer
 * fen; county totals exceed 2^31 fen, hence a string and not an Int.
 */
export const YuanScalar = new GraphQLScalarType<number, string>({
  name: 'Yuan',
  description: '金额（元），非负，最多两位小数的十进制字符串，如 "3214.63"；内部按分精确存储',
  serialize: (fen) => formatYuan(typeof fen === 'string' ? BigInt(fen) : (fen as number | bigint)),
  parseValue: (value) => parseMoney(value),
  parseLiteral: (ast: ValueNode) =>
    parseMoney(
      ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT
        ? ast.value
        : literalText(ast),
    ),
});

function parseMoney(value: unknown): number {
  const fen =
    typeof value === 'string' || typeof value === 'number' ? parseYuan(String(value)) : undefined;
  if (fen === undefined) {
    throw badInput(`金额“${String(value)}”无效：应为非负数，最多两位小数，例如 "3214.63"`);
  }
  return fen;
}
