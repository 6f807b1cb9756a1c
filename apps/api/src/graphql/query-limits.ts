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
 * many times inside a small body). Fragments are followed, cycles cut. One introspection field
 * (`__schema` or `__type`) is allowed and not measured — client tools need its deep standard
 * query, and Apollo bounds its depth — but not several under aliases.
 */
export function queryLimits(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const def of context.getDocument().definitions) {
      if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    }
    // Each fragment is measured once and reused, so a fragment spread many times (or a tree of
    // fragments each spreading the next twice) costs linear time to measure, not exponential.
    const measured = new Map<string, Measure>();
    const inProgress = new Set<string>();
    let introspectionFields = 0;
    const measureFragment = (name: string): Measure => {
      const known = measured.get(name);
      if (known) return known;
      if (inProgress.has(name)) return { depth: 0, fields: 0 }; // a cycle; graphql-js refuses it
      inProgress.add(name);
      const result = measure(fragments.get(name)?.selectionSet);
      inProgress.delete(name);
      measured.set(name, result);
      return result;
    };
    const measure = (set: SelectionSetNode | undefined): Measure => {
      const total: Measure = { depth: 0, fields: 0 };
      for (const selection of set?.selections ?? []) {
        let inner: Measure;
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value;
          if (name === '__schema' || name === '__type') {
            introspectionFields++;
            continue;
          }
          const below = measure(selection.selectionSet);
          inner = { depth: below.depth + 1, fields: below.fields + 1 };
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          inner = measure(selection.selectionSet);
        } else {
          inner = measureFragment(selection.name.value);
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
        introspectionFields = 0;
        const { depth, fields } = measure(node.selectionSet);
        if (introspectionFields > 1) {
          refuse('一次查询最多包含一个内省字段（__schema 或 __type）', 'QUERY_TOO_LARGE');
        } else if (depth > limits.maxDepth) {
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
