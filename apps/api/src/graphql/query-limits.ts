import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface QueryLimits {
  /** Deepest nesting of fields. */
  maxDepth: number;
  /** Most fields in one operation, counting every alias and every use of a fragment. */
  maxFields: number;
}

interface Measure {
  depth: number;
  fields: number;
}

/**
 * Refuses operations nested too deep or too wide (aliases can repeat an expensive list field
 * many times inside a small body). Fragments are followed, cycles cut. Introspection
 * (`__schema`, `__type`) is not counted: client tools need its deep standard query.
 */
export function queryLimits(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    const measure = (set: SelectionSetNode | undefined, seen: Set<string>): Measure => {
      const total: Measure = { depth: 0, fields: 0 };
      for (const selection of set?.selections ?? []) {
        let inner: Measure;
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const below = measure(selection.selectionSet, seen);
          inner = { depth: below.depth + 1, fields: below.fields + 1 };
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = measure(selection.selectionSet, seen);
        } else {
          const name = selection.name.value;
          if (seen.has(name)) continue;
          inner = measure(fragments.get(name)?.selectionSet, new Set(seen).add(name));
        }
        total.depth = Math.max(total.depth, inner.depth);
        total.fields += inner.fields;
      }
      return total;
    };
    return {
      OperationDefinition(node) {
        const refuse = (message: string, code: string) =>
          context.reportError(new GraphQLError(message, { nodes: [node], extensions: { code } }));
        const { depth, fields } = measure(node.selectionSet, new Set());
        if (depth > limits.maxDepth) {
          refuse(`查询嵌套过深：${depth} 层，最多 ${limits.maxDepth} 层`, 'QUERY_TOO_DEEP');
        } else if (fields > limits.maxFields) {
          refuse(
            `查询字段过多：${fields} 个，最多 ${limits.maxFields} 个；请分多次查询`,
            'QUERY_TOO_LARGE',
          );
        }
      },
    };
  };
}
