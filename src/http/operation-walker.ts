// One walk over a GraphQL operation, for every check that needs to know what it selects (query
// limits, cost, cache hints, the router secret). Each used to walk the document its own way, and
// each treated fragments and `@skip`/`@include` a little differently; here that is decided once:
//
// - `@skip`/`@include` are evaluated once, with the request's variables (and the defaults the
//   operation declares). A dropped selection counts only for the directives written on it. A
//   condition that cannot be decided (a variable that was not sent, or is not a boolean) keeps the
//   selection: a check then counts more, never less, and execution refuses the variable anyway.
// - Fragments are expanded as execution would, but each is walked once per context (root level,
//   nested, inside introspection) and its value reused at every spread: a fragment "bomb" whose
//   expansion is exponential is measured in linear time. A spread of a fragment that is already
//   being walked (a cycle) counts as nothing, so the walk ends; validation refuses cycles before
//   any request runs, so the values of fragments on one only need to be finite, not exact.
// - Fields are typed as execution types them, meta fields included; without a schema, or below a
//   name the schema does not know, fields are walked untyped.
//
// What is measured is up to the caller: an `OperationMeasure` folds each field with the value of
// its selection set, and `combineMeasures` runs several in the same walk. The walker knows GraphQL
// only, nothing of Khabar's types.
import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";

/** What a measure sees of one selected field. */
export interface FieldVisit {
  readonly node: FieldNode;
  /** The type the field is selected on; undefined when the walk is untyped here. */
  readonly parentType: GraphQLCompositeType | undefined;
  /** The field's definition (meta fields included); undefined when the walk is untyped here or the name is unknown. */
  readonly definition: GraphQLField<unknown, unknown> | undefined;
  /** A root field of the operation, selected directly or through fragments. */
  readonly root: boolean;
  /** A meta field (`__typename`, `__schema`, `__type`) or a field selected inside one. */
  readonly meta: boolean;
  /** The value of an argument as written, with variables substituted; undefined when absent. */
  argument(name: string): unknown;
}

/**
 * A value computed over an operation by folding its fields. `field` is called at most once per
 * field node of the document and context (root level, nested, inside a meta field), however often
 * the fragment holding it is spread: a measure that records things as a side effect sees each
 * selected field once, and a fold's value for a fragment is reused at every spread.
 */
export interface OperationMeasure<Value> {
  /** The value of an empty selection set. */
  readonly empty: Value;
  /** One field, from the value of its own selection set (`empty` for a leaf). */
  field(field: FieldVisit, children: Value): Value;
  /** Two sibling values together. */
  combine(total: Value, next: Value): Value;
  /**
   * The directives written on a fragment spread, an inline fragment, a fragment definition or the
   * operation, around the value of its selections (`empty` for a dropped selection). A field's own
   * directives are in `field.node.directives`. Optional.
   */
  directives?(value: Value, directives: readonly DirectiveNode[]): Value;
}

export interface WalkOptions {
  /** Types the fields; without it the walk is untyped. */
  schema?: GraphQLSchema | undefined;
  /** The fragment definitions: a document's, or a lookup (a validation context's `getFragment`). */
  fragments: DocumentNode | ((name: string) => FragmentDefinitionNode | null | undefined);
  /** The request's variables; the operation's declared defaults fill in the ones left out. */
  variables?: Readonly<Record<string, unknown>> | undefined;
}

export interface WalkResult<Value> {
  value: Value;
  /** A `@skip`/`@include` condition read a variable: the selections kept depend on the variables. */
  conditionsReadVariables: boolean;
  /**
   * The variables the walk read (conditions, and argument values the measures asked for): the
   * same walk with other variables that agree on these gives the same value.
   */
  variablesRead: ReadonlySet<string>;
}

/** The value of a literal or variable, as JSON would carry it (no coercion). */
export function valueOf(node: ValueNode, variables: Readonly<Record<string, unknown>>, onVariable?: (name: string) => void): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      onVariable?.(node.name.value);
      return variables[node.name.value];
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => valueOf(value, variables, onVariable));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, valueOf(field.value, variables, onVariable)]));
  }
}

/** The request's variables, plus the defaults the operation declares for those it leaves out. */
export function variablesWithDefaults(operation: OperationDefinitionNode, given: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  let variables: Record<string, unknown> | undefined;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (given[name] !== undefined || !definition.defaultValue) continue;
    variables ??= { ...given };
    variables[name] = valueOf(definition.defaultValue, {});
  }
  return variables ?? given;
}

type Values<Measures> = { [Name in keyof Measures]: Measures[Name] extends OperationMeasure<infer Value> ? Value : never };

/** Several measures in one walk: the value is a record of their values, by the same names. */
export function combineMeasures<Measures extends Record<string, OperationMeasure<any>>>(measures: Measures): OperationMeasure<Values<Measures>> {
  type Record_ = Record<string, unknown>;
  const entries = Object.entries(measures);
  const empty: Record_ = {};
  for (const [name, measure] of entries) empty[name] = measure.empty;
  const combined: OperationMeasure<Record_> = {
    empty,
    field(field, children) {
      const value: Record_ = {};
      for (const [name, measure] of entries) value[name] = measure.field(field, children[name]);
      return value;
    },
    combine(total, next) {
      const value: Record_ = {};
      for (const [name, measure] of entries) value[name] = measure.combine(total[name], next[name]);
      return value;
    },
  };
  if (entries.some(([, measure]) => measure.directives)) {
    combined.directives = (around, directives) => {
      const value: Record_ = {};
      for (const [name, measure] of entries) value[name] = measure.directives ? measure.directives(around[name], directives) : around[name];
      return value;
    };
  }
  return combined as unknown as OperationMeasure<Values<Measures>>;
}

/** A measure that only records each selected field (see OperationMeasure: once per field and context). */
export function fieldRecorder(record: (field: FieldVisit) => void): OperationMeasure<undefined> {
  return {
    empty: undefined,
    field: (field) => void record(field),
    combine: () => undefined,
  };
}

enum Context {
  Nested,
  Root,
  /** Inside a meta field (`__schema { … }`): introspection, not the application's data. */
  Meta,
}

function fieldDefinition(schema: GraphQLSchema, parentType: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parentType === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
}

/** Walks the operation once and folds its selected fields with the measure. */
export function walkOperation<Value>(operation: OperationDefinitionNode, options: WalkOptions, measure: OperationMeasure<Value>): WalkResult<Value> {
  const { schema } = options;
  const fragmentOf = typeof options.fragments === "function" ? options.fragments : fragmentLookup(options.fragments);
  const variables = variablesWithDefaults(operation, options.variables ?? {});
  let conditionsReadVariables = false;
  const variablesRead = new Set<string>();
  const onVariable = (name: string) => void variablesRead.add(name);
  const onConditionVariable = (name: string) => {
    conditionsReadVariables = true;
    variablesRead.add(name);
  };

  /** Whether `@skip`/`@include` keep the selection; undecidable conditions keep it. */
  const included = (directives: readonly DirectiveNode[] | undefined): boolean => {
    if (!directives) return true;
    for (const directive of directives) {
      const name = directive.name.value;
      if (name !== "skip" && name !== "include") continue;
      const condition = directive.arguments?.find((argument) => argument.name.value === "if");
      if (!condition) continue;
      const value = valueOf(condition.value, variables, onConditionVariable);
      if (name === "skip" ? value === true : value === false) return false;
    }
    return true;
  };

  const typeNamed = (name: string): GraphQLCompositeType | undefined => {
    const type = schema?.getType(name);
    return type && isCompositeType(type) ? type : undefined;
  };

  const withDirectives = (value: Value, directives: readonly DirectiveNode[] | undefined): Value =>
    measure.directives && directives && directives.length > 0 ? measure.directives(value, directives) : value;

  const memo = new Map<string, Value>();
  const active = new Set<string>();

  const walkSet = (selectionSet: SelectionSetNode, parentType: GraphQLCompositeType | undefined, context: Context): Value => {
    let total = measure.empty;
    for (const selection of selectionSet.selections) {
      let value: Value;
      if (!included(selection.directives)) {
        if (!measure.directives || !selection.directives?.length) continue;
        value = measure.directives(measure.empty, selection.directives);
      } else if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const definition = schema && parentType ? fieldDefinition(schema, parentType, name) : undefined;
        const meta = context === Context.Meta || name.startsWith("__");
        let children = measure.empty;
        if (selection.selectionSet) {
          const returned = definition ? getNamedType(definition.type) : undefined;
          children = walkSet(selection.selectionSet, returned && isCompositeType(returned) ? returned : undefined, meta ? Context.Meta : Context.Nested);
        }
        value = measure.field(
          {
            node: selection,
            parentType,
            definition,
            root: context === Context.Root,
            meta,
            argument(argumentName) {
              const argument = selection.arguments?.find((candidate) => candidate.name.value === argumentName);
              return argument ? valueOf(argument.value, variables, onVariable) : undefined;
            },
          },
          children,
        );
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        // Below an untyped field, stay untyped: a type condition must not re-type what execution would not reach.
        const type = selection.typeCondition && parentType ? typeNamed(selection.typeCondition.name.value) : parentType;
        value = withDirectives(walkSet(selection.selectionSet, type, context), selection.directives);
      } else {
        const name = selection.name.value;
        // Typed or not matters as well as the context: below an unknown field the walk stays untyped.
        const key = `${context}${parentType ? "" : "?"}${name}`;
        let fragmentValue: Value;
        if (memo.has(key)) fragmentValue = memo.get(key) as Value;
        else {
          const definition = fragmentOf(name);
          if (!definition || active.has(name)) {
            fragmentValue = measure.empty;
          } else {
            active.add(name);
            const type = parentType ? typeNamed(definition.typeCondition.name.value) : undefined;
            fragmentValue = withDirectives(walkSet(definition.selectionSet, type, context), definition.directives);
            active.delete(name);
            memo.set(key, fragmentValue);
          }
        }
        value = withDirectives(fragmentValue, selection.directives);
      }
      total = measure.combine(total, value);
    }
    return total;
  };

  const rootType = schema?.getRootType(operation.operation) ?? undefined;
  const value = withDirectives(walkSet(operation.selectionSet, rootType, Context.Root), operation.directives);
  return { value, conditionsReadVariables, variablesRead };
}

function fragmentLookup(document: DocumentNode): (name: string) => FragmentDefinitionNode | undefined {
  let fragments: Map<string, FragmentDefinitionNode> | undefined;
  return (name) => {
    if (!fragments) {
      fragments = new Map();
      for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    return fragments.get(name);
  };
}
